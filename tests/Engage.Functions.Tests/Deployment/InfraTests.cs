using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Engage.Testing;

namespace Engage.Functions.Tests.Deployment;

public sealed partial class InfraTests
{
    [Fact]
    public void Every_setting_the_code_reads_is_an_app_setting_of_the_function_app()
    {
        var inCode = AppSettingsInCode.Find();
        var inBicep = BicepFile.Read().AppSettings;

        // The scan must see the settings it is meant to see, or an empty scan would pass.
        Assert.Contains("OPENAI_MODEL", inCode);
        Assert.Contains("ENGAGEMENT_RETENTION_CRON", inCode);
        var missing = inCode.Except(AppSettingsInCode.NotInAzure.Keys).Concat(AppSettingsInCode.StorageIdentity).Where(s => !inBicep.Contains(s)).Order().ToList();
        Assert.True(missing.Count == 0, $"Settings the code reads but infra/main.bicep does not set: {string.Join(", ", missing)}");
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", inBicep);

        // The host does not run a timer whose %SETTING% schedule does not resolve.
        Assert.Contains("CONVERSATION_DISCOVERY_CRON", inBicep);
        Assert.Contains("ENGAGEMENT_RETENTION_CRON", inBicep);
    }

    [Fact]
    public void The_app_is_dotnet_isolated_on_flex_consumption_with_no_setting_the_plan_refuses_or_the_app_no_longer_reads()
    {
        var bicep = BicepFile.Read();

        Assert.Contains("tier: 'FlexConsumption'", bicep.Text);
        Assert.Contains("kind: 'functionapp,linux'", bicep.Text);
        Assert.Matches(@"runtime: \{\s*name: 'dotnet-isolated'\s*version: '10\.0'\s*\}", bicep.Text);
        Assert.Matches(@"alwaysReady: [^\n]*\n\s*\{\s*name: 'http'[^}]*\}\s*\{\s*name: 'durable'", bicep.Text);

        // Flex takes the runtime from functionAppConfig and refuses these; the rest went with the custom handler.
        string[] refused = ["FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTSHARE", "WEBSITE_RUN_FROM_PACKAGE"];
        string[] gone = ["ENABLE_BACKGROUND_JOBS", "DURABLE_TASK_HUB", "ENGAGE_FUNCTION_KEYS", "ENGAGE_ADMIN_KEY", "FUNCTIONS_CUSTOMHANDLER_PORT"];
        var unwanted = bicep.AppSettings.Where(s => refused.Contains(s) || gone.Contains(s) || s.StartsWith("DurableTask__", StringComparison.Ordinal)).ToList();
        Assert.True(unwanted.Count == 0, $"main.bicep sets {string.Join(", ", unwanted)}");
    }

    [Fact]
    public void Storage_is_reached_with_the_identity_only()
    {
        var bicep = BicepFile.Read();

        Assert.Contains("allowSharedKeyAccess: false", bicep.Text);
        Assert.DoesNotContain("listKeys(", bicep.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("AzureWebJobsStorage", bicep.AppSettings);
        Assert.Equal("'managedidentity'", bicep.AppSettingValue("AzureWebJobsStorage__credential"));
        Assert.Equal("identity.properties.clientId", bicep.AppSettingValue("AzureWebJobsStorage__clientId"));
        Assert.Matches(@"authentication: \{\s*type: 'UserAssignedIdentity'\s*userAssignedIdentityResourceId: identity\.id\s*\}", bicep.Text);
    }

    [Fact]
    public void The_llm_is_azure_openai_reached_with_the_identity()
    {
        var bicep = BicepFile.Read();

        Assert.Equal("'azure'", bicep.AppSettingValue("OPENAI_API_TYPE"));
        // The resource endpoint: AzureOpenAIClient adds openai/deployments/{deployment}/... itself.
        Assert.Equal("openAi.properties.endpoint", bicep.AppSettingValue("OPENAI_BASE_URL"));
        Assert.Equal("openAiDeployment.name", bicep.AppSettingValue("OPENAI_MODEL"));
        Assert.Equal("'true'", bicep.AppSettingValue("OPENAI_USE_AZURE_CREDENTIAL"));
        Assert.Equal("''", bicep.AppSettingValue("OPENAI_API_KEY"));
        Assert.Equal("identity.properties.clientId", bicep.AppSettingValue("AZURE_CLIENT_ID"));
        Assert.Contains("disableLocalAuth: true", bicep.Text);
    }

    [Fact]
    public void The_infrastructure_files_hold_no_placeholders()
    {
        foreach (var path in new[] { BicepFile.Path, ParametersPath })
        {
            var text = File.ReadAllText(path);
            var found = Placeholder().Matches(text).Select(m => m.Value).ToList();
            Assert.True(found.Count == 0, $"{Path.GetFileName(path)} holds placeholders: {string.Join(", ", found)}");
        }
    }

    [Fact]
    public void The_identity_gets_the_data_roles_and_the_secrets_are_key_vault_references()
    {
        var bicep = BicepFile.Read().Text;

        Assert.Contains("'0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'", bicep); // Storage Table Data Contributor
        Assert.Contains("'974c5e8b-45b9-4653-ba55-5f855dd0fb88'", bicep); // Storage Queue Data Contributor
        Assert.Contains("'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'", bicep); // Storage Blob Data Owner
        Assert.Contains("'5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'", bicep); // Cognitive Services OpenAI User
        Assert.Contains("'4633458b-17de-408a-b874-0445c86b69e6'", bicep); // Key Vault Secrets User
        Assert.Matches(@"name: 'FATHOM_API_KEY', value: [^\n]*'@Microsoft\.KeyVault\(\$\{vaultReference\}fathom-api-key\)'", bicep);
        Assert.Contains("keyVaultReferenceIdentity: identity.id", bicep);
        Assert.Contains("enableRbacAuthorization: true", bicep);
        Assert.Contains("'Microsoft.CognitiveServices/accounts/deployments@", bicep);
        Assert.Contains("'Microsoft.Insights/components@", bicep);
    }

    [Fact]
    public void The_parameters_file_sets_only_declared_parameters()
    {
        var declared = BicepFile.Read().Parameters;
        var parameters = JsonNode.Parse(File.ReadAllText(ParametersPath))!["parameters"]!.AsObject();

        Assert.NotEmpty(parameters);
        Assert.All(parameters.Select(p => p.Key), name => Assert.Contains(name, declared));
    }

    private static string ParametersPath => Path.Combine(RepositoryPaths.Root, "infra", "main.parameters.json");

    [GeneratedRegex(@"(?i)\b(todo|fixme|tbd|changeme|change-me|replace-?me|placeholder|xxx+)\b|<[a-z][^<>\n]*>|00000000-0000-0000-0000-000000000000")]
    private static partial Regex Placeholder();
}
