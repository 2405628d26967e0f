// Engage on Azure Functions: the custom-handler Function App on a Linux Elastic Premium plan, its
// storage account (host state, task hub tables and queues), a user-assigned managed identity holding
// every data role the app needs, Azure OpenAI with a model deployment, Key Vault for the secrets the
// app reads as Key Vault references, and Application Insights. How to deploy, and why it is built this
// way: docs/deploy.md.

targetScope = 'resourceGroup'

@description('Starts every resource name; a suffix derived from the resource group keeps global names unique.')
@minLength(3)
@maxLength(10)
param namePrefix string = 'engage'

@description('Region of everything but Azure OpenAI.')
param location string = resourceGroup().location

@description('Elastic Premium size: EP1 (1 core, 3.5 GB) is enough for the API and a few concurrent runs.')
@allowed([
  'EP1'
  'EP2'
  'EP3'
])
param planSku string = 'EP1'

@description('Upper bound of the instances the scale controller may add for HTTP load and the task hub queues.')
@minValue(1)
@maxValue(100)
param maximumElasticWorkerCount int = 10

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

@description('The durable task hub. Lowercase letters and digits only: the queue triggers name its queues after it.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'engagehub'

@description('Days a finished engagement run and its orchestration history are kept.')
@minValue(1)
@maxValue(3650)
param engagementRetentionDays int = 7

@description('NCRONTAB schedule of the retention timer (6 fields, UTC).')
param engagementRetentionSchedule string = '0 30 3 * * *'

@description('NCRONTAB schedule of conversation discovery (6 fields, UTC).')
param conversationDiscoverySchedule string = '0 */5 * * * *'

@description('DISCOVERY_CREWS: the JSON array of crews to index (docs/configuration.md). Empty: the bundled demo crews.')
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
    // Only the platform's Azure Files content share (SMB, which has no identity option) uses the key;
    // the host and the app use the managed identity.
    allowSharedKeyAccess: true
  }
}

// The host keeps keys, timer state and locks in blobs; the task hub uses tables and queues.
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

// Linux Elastic Premium: custom handlers run on every Linux plan, and Premium adds the scale controller
// that watches the task hub's queue triggers, always-ready instances and no execution time limit.
resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${appName}-plan'
  location: location
  kind: 'elastic'
  sku: {
    name: planSku
    tier: 'ElasticPremium'
  }
  properties: {
    reserved: true
    maximumElasticWorkerCount: maximumElasticWorkerCount
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
    reserved: true
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      minimumElasticInstanceCount: 1
      appSettings: [
        // Functions host
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identity.properties.clientId }
        {
          name: 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING'
          value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'
        }
        { name: 'WEBSITE_CONTENTSHARE', value: toLower(appName) }
        { name: 'WEBSITE_RUN_FROM_PACKAGE', value: '1' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        // Which managed identity DefaultAzureCredential (Azure OpenAI) takes.
        { name: 'AZURE_CLIENT_ID', value: identity.properties.clientId }
        // Engage host (docs/configuration.md)
        { name: 'AZURE_FUNCTIONS_ENVIRONMENT', value: 'Production' }
        { name: 'DURABLE_TASK_HUB', value: taskHubName }
        { name: 'ENABLE_BACKGROUND_JOBS', value: 'true' }
        // Engagement aggregation
        { name: 'ENGAGEMENT_LOOKBACK_DAYS', value: '180' }
        { name: 'ENGAGEMENT_MAX_PARALLEL_ANALYSES', value: '8' }
        { name: 'ENGAGEMENT_EXCERPT_TOKENS', value: '6000' }
        { name: 'ENGAGEMENT_RETENTION_DAYS', value: string(engagementRetentionDays) }
        { name: 'ENGAGEMENT_RETENTION_CRON', value: engagementRetentionSchedule }
        { name: 'FATHOM_API_KEY', value: empty(fathomApiKey) ? '' : '@Microsoft.KeyVault(${vaultReference}fathom-api-key)' }
        { name: 'FATHOM_BASE_URL', value: 'https://api.fathom.ai/external/v1' }
        // Meeting analysis on Azure OpenAI's v1 API with the managed identity, no key.
        { name: 'OPENAI_BASE_URL', value: '${openAi.properties.endpoint}openai/v1/' }
        { name: 'OPENAI_MODEL', value: openAiDeployment.name }
        { name: 'OPENAI_USE_AZURE_CREDENTIAL', value: 'true' }
        { name: 'OPENAI_API_KEY', value: '' }
        { name: 'OPENAI_TIMEOUT_SECONDS', value: '60' }
        { name: 'OPENAI_MAX_RETRIES', value: '2' }
        { name: 'OPENAI_CIRCUIT_BREAK_SECONDS', value: '60' }
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
  dependsOn: [
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
