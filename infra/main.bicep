// Engage on Azure Functions: the .NET 10 isolated-worker Function App on a Flex Consumption plan, its
// storage account (host state, Durable Functions task hub, the app's tables, the deployment package), a
// user-assigned managed identity holding every data role the app needs, Azure OpenAI with a model
// deployment, Key Vault for the secrets the app reads as Key Vault references, and Application Insights.
// No account key is used anywhere, so the storage account refuses shared-key access. How to deploy, and
// why it is built this way: docs/deploy.md.

targetScope = 'resourceGroup'

@description('Starts every resource name; a suffix derived from the resource group keeps global names unique.')
@minLength(3)
@maxLength(10)
param namePrefix string = 'engage'

@description('Region of everything but Azure OpenAI; it must offer the Flex Consumption plan.')
param location string = resourceGroup().location

@description('Memory of each instance in MB; 2048 (one core) is enough for the API and a few concurrent runs.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound of the instances the platform may add for HTTP load, the task hub queues and the timers.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 20

@description('Instances kept running for the HTTP functions: 1 answers the first request without a cold start; 0 scales to zero.')
@minValue(0)
param httpAlwaysReady int = 1

@description('Instances kept running for the orchestrator and its activities, as recommended for Durable Functions on Flex Consumption; 0 scales to zero.')
@minValue(0)
param durableAlwaysReady int = 1

@description('Region of the Azure OpenAI account; it must offer the model and deployment type below.')
param openAiLocation string = location

@description('Model of the deployment the engagement analysis calls.')
param openAiModelName string = 'gpt-4o-mini'

@description('Version of that model.')
param openAiModelVersion string = '2024-07-18'

@description('Deployment type (sku) of the model deployment.')
param openAiDeploymentSku string = 'GlobalStandard'

@description('Capacity of the deployment in thousands of tokens per minute.')
@minValue(1)
param openAiCapacity int = 30

@description('Days a finished engagement run and its orchestration history are kept.')
@minValue(1)
@maxValue(3650)
param engagementRetentionDays int = 7

@description('NCRONTAB schedule of the retention timer (6 fields, UTC).')
param engagementRetentionSchedule string = '0 30 3 * * *'

@description('NCRONTAB schedule of the daily customer rules timer (6 fields, UTC).')
param customerRulesSchedule string = '0 5 0 * * *'
@description('NCRONTAB schedule of the workflow planner, which starts the workflows customers newly meet the trigger of (6 fields, UTC).')
param workflowPlannerSchedule string = '0 0 6 * * *'
@description('NCRONTAB schedule of the timer that closes idle chat threads (6 fields, UTC).')
param chatIdleSchedule string = '0 0 * * * *'

@description('NCRONTAB schedule of conversation discovery (6 fields, UTC).')
param conversationDiscoverySchedule string = '0 */5 * * * *'

@description('DISCOVERY_CREWS: the JSON array of crews to index (docs/configuration.md). Empty: no crews.')
param discoveryCrews string = ''

@description('Fathom API key. Empty: the bundled demo meetings. Stored in Key Vault; the app reads it by reference.')
@secure()
param fathomApiKey string = ''

@description('Shared secret n8n sends to the conversation-complete webhook. Empty: the webhook stays off. Stored in Key Vault.')
@secure()
param discoveryWebhookSecret string = ''

@description('Connection string of the n8n chat database, for crews whose connection_setting is CHAT_DB_CONNECTION. Stored in Key Vault.')
@secure()
param chatDatabaseConnectionString string = ''

var suffix = uniqueString(resourceGroup().id)
var appName = '${namePrefix}-${suffix}'
var storageName = take(toLower(replace('${namePrefix}${suffix}', '-', '')), 24)
var vaultName = '${namePrefix}-kv-${take(suffix, 8)}'
var openAiName = '${namePrefix}-ai-${suffix}'
var packageContainerName = 'app-package'

// Built-in role definitions.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var cognitiveServicesOpenAiUser = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${appName}-id'
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Flex Consumption keeps no content on Azure Files, so nothing needs the account key: the host, the
    // Durable extension, the app and the deployment all use the managed identity.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }

  resource blobServices 'blobServices' = {
    name: 'default'

    resource packageContainer 'containers' = {
      name: packageContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }
}

// Blob Data Owner: the host's keys, timer schedules and locks, the task hub's leases and large messages, and
// the deployment package. Queue and Table Data Contributor: the task hub's queues and tables, and the app's
// own tables (runs, conversation index).
resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [storageBlobDataOwner, storageQueueDataContributor, storageTableDataContributor]: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${appName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${appName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
  }
}

resource vaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// A secret exists only when its value was given: a reference to a missing secret would reach the app
// as the literal reference text, which it would take for a key.
resource fathomSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(fathomApiKey)) {
  parent: vault
  name: 'fathom-api-key'
  properties: {
    value: fathomApiKey
  }
}

resource webhookSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(discoveryWebhookSecret)) {
  parent: vault
  name: 'discovery-webhook-secret'
  properties: {
    value: discoveryWebhookSecret
  }
}

resource chatDatabaseSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(chatDatabaseConnectionString)) {
  parent: vault
  name: 'chat-db-connection'
  properties: {
    value: chatDatabaseConnectionString
  }
}

resource openAi 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: openAiName
  location: openAiLocation
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: openAiName
    // Entra ID only: the app authenticates with the managed identity, so no key exists to leak.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource openAiDeployment 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = {
  parent: openAi
  name: openAiModelName
  sku: {
    name: openAiDeploymentSku
    capacity: openAiCapacity
  }
  properties: {
    model: {
      format: 'OpenAI'
      name: openAiModelName
      version: openAiModelVersion
    }
  }
}

resource openAiRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(openAi.id, identity.id, cognitiveServicesOpenAiUser)
  scope: openAi
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesOpenAiUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

// Flex Consumption: .NET 10 isolated, Durable Functions on the Azure Storage provider, identity-based storage
// throughout, always-ready instances per scale group, and billing by use above them (docs/deploy.md).
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${appName}-plan'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var vaultReference = 'VaultName=${vault.name};SecretName='

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    functionAppConfig: {
      // Flex takes the worker runtime here; it refuses FUNCTIONS_WORKER_RUNTIME as an app setting.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${packageContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
        // A group with no always-ready instance is left out rather than listed with 0.
        alwaysReady: filter([
          {
            name: 'http'
            instanceCount: httpAlwaysReady
          }
          {
            name: 'durable'
            instanceCount: durableAlwaysReady
          }
        ], entry => entry.instanceCount > 0)
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      appSettings: [
        // Functions host: identity-based AzureWebJobsStorage, read by the host, the Durable extension and the app.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        // Which managed identity DefaultAzureCredential (Azure OpenAI) takes.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        { name: 'AZURE_FUNCTIONS_ENVIRONMENT', value: 'Production' }
        // Engagement aggregation (docs/configuration.md)
        { name: 'ENGAGEMENT_LOOKBACK_DAYS', value: '180' }
        { name: 'ENGAGEMENT_MAX_PARALLEL_ANALYSES', value: '8' }
        { name: 'ENGAGEMENT_MAX_MEETINGS', value: '100' }
        { name: 'ENGAGEMENT_EXCERPT_TOKENS', value: '6000' }
        { name: 'ENGAGEMENT_RETENTION_DAYS', value: string(engagementRetentionDays) }
        // The host does not run a timer whose %SETTING% schedule does not resolve, so each is always set.
        { name: 'ENGAGEMENT_RETENTION_CRON', value: engagementRetentionSchedule }
        { name: 'WORKFLOW_PLANNER_CRON', value: workflowPlannerSchedule }
        { name: 'CHAT_IDLE_CRON', value: chatIdleSchedule }
        { name: 'CHAT_IDLE_HOURS', value: '24' }
        { name: 'CHAT_TURN_TIMEOUT_SECONDS', value: '120' }
        { name: 'FATHOM_API_KEY', value: empty(fathomApiKey) ? '' : '@Microsoft.KeyVault(${vaultReference}fathom-api-key)' }
        { name: 'FATHOM_BASE_URL', value: 'https://api.fathom.ai/external/v1' }
        // Meeting analysis on Azure OpenAI (AzureOpenAIClient) with the managed identity, no key: the
        // resource endpoint, to which the client adds openai/deployments/{deployment}/...
        { name: 'OPENAI_API_TYPE', value: 'azure' }
        { name: 'OPENAI_BASE_URL', value: openAi.properties.endpoint }
        { name: 'OPENAI_MODEL', value: openAiDeployment.name }
        { name: 'OPENAI_USE_AZURE_CREDENTIAL', value: 'true' }
        { name: 'OPENAI_API_KEY', value: '' }
        { name: 'OPENAI_TIMEOUT_SECONDS', value: '60' }
        { name: 'OPENAI_MAX_RETRIES', value: '2' }
        { name: 'OPENAI_CIRCUIT_BREAK_SECONDS', value: '60' }
        // Workflow chat replies (docs/workflow-chat-llm.md); the chat uses the OPENAI_* settings above.
        { name: 'CHAT_FIRST_TOKEN_SECONDS', value: '30' }
        { name: 'CHAT_STREAM_IDLE_SECONDS', value: '20' }
        { name: 'CHAT_LOCAL_TOKEN_DELAY_MS', value: '20' }
        // Customers (docs/workflow-customer-rules.md); demo customers are local development only.
        { name: 'CUSTOMER_RULES_CRON', value: customerRulesSchedule }
        { name: 'RENEWAL_STAGE_START_DAYS', value: '0,8,15,31,61,91,121,181' }
        { name: 'ACCOUNT_PLAN_HIGH_ARR', value: '100000' }
        { name: 'ACCOUNT_PLAN_HEALTHY_SCORE', value: '70' }
        { name: 'WORKFLOW_DEMO_CUSTOMERS', value: 'false' }
        // Workflow executions (docs/workflow-executions.md): how long a command's answer waits for its orchestration.
        { name: 'WORKFLOW_COMMAND_WAIT_SECONDS', value: '10' }
        // Conversation discovery
        { name: 'CONVERSATION_DISCOVERY_CRON', value: conversationDiscoverySchedule }
        { name: 'DISCOVERY_CREWS', value: discoveryCrews }
        { name: 'DISCOVERY_CREW_BUDGET_SECONDS', value: '30' }
        { name: 'DISCOVERY_OVERLAP_SECONDS', value: '300' }
        { name: 'DISCOVERY_TABLE_PREFIX', value: '' }
        {
          name: 'DISCOVERY_WEBHOOK_SECRET'
          value: empty(discoveryWebhookSecret) ? '' : '@Microsoft.KeyVault(${vaultReference}discovery-webhook-secret)'
        }
        {
          name: 'CHAT_DB_CONNECTION'
          value: empty(chatDatabaseConnectionString) ? '' : '@Microsoft.KeyVault(${vaultReference}chat-db-connection)'
        }
      ]
    }
  }
  // The package container must exist when the app is created, and the host reaches storage, Key Vault and
  // Azure OpenAI with the identity as soon as it starts.
  dependsOn: [
    storage::blobServices::packageContainer
    storageRoles
    vaultRole
    openAiRole
    fathomSecret
    webhookSecret
    chatDatabaseSecret
  ]
}

output functionAppName string = app.name
output functionAppUrl string = 'https://${app.properties.defaultHostName}'
output storageAccountName string = storage.name
output keyVaultName string = vault.name
output openAiEndpoint string = openAi.properties.endpoint
