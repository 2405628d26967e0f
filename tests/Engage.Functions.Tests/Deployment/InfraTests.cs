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
        Assert.Contains("FUNCTIONS_WORKER_RUNTIME", inBicep);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", inBicep);
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
        Assert.Contains("{ name: 'FUNCTIONS_WORKER_RUNTIME', value: 'custom' }", bicep);
        Assert.Contains("tier: 'ElasticPremium'", bicep);
        Assert.Contains("kind: 'functionapp,linux'", bicep);
        Assert.Contains("'Microsoft.CognitiveServices/accounts/deployments@", bicep);
        Assert.Contains("'Microsoft.Insights/components@", bicep);
    }

    [Fact]
    public void The_parameters_file_sets_only_declared_parameters_and_a_hub_name_the_queue_triggers_can_use()
    {
        var declared = BicepFile.Read().Parameters;
        var parameters = JsonNode.Parse(File.ReadAllText(ParametersPath))!["parameters"]!.AsObject();

        Assert.All(parameters.Select(p => p.Key), name => Assert.Contains(name, declared));
        Assert.Matches("^[a-z][a-z0-9]{2,44}$", parameters["taskHubName"]!["value"]!.GetValue<string>());
    }

    private static string ParametersPath => Path.Combine(RepositoryPaths.Root, "infra", "main.parameters.json");

    [GeneratedRegex(@"(?i)\b(todo|fixme|tbd|changeme|change-me|replace-?me|placeholder|xxx+)\b|<[a-z][^<>\n]*>|00000000-0000-0000-0000-000000000000")]
    private static partial Regex Placeholder();
}
