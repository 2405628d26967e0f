using Azure.Identity;
using Engage.Functions.Hosting;
using Microsoft.Extensions.Configuration;

namespace Engage.Functions.Tests.Deployment;

/// <summary>The identity-based storage connection the Bicep deployment configures for the host and the app alike.</summary>
public sealed class StorageIdentityTests
{
    [Fact]
    public void An_account_name_reaches_its_table_and_queue_endpoints_with_the_user_assigned_identity()
    {
        var options = Read(
            ("AzureWebJobsStorage:accountName", "engagestore"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "6d0c2d55-51b6-4ec4-9c2e-1f2b6f1d2a11"));

        var identity = Assert.IsType<StorageIdentitySettings>(options.StorageIdentity);
        Assert.Equal(new Uri("https://engagestore.table.core.windows.net"), options.CreateTableServiceClient().Uri);
        Assert.Equal(new Uri("https://engagestore.queue.core.windows.net"), options.CreateQueueServiceClient().Uri);
        Assert.Equal("6d0c2d55-51b6-4ec4-9c2e-1f2b6f1d2a11", identity.ClientId);
        Assert.IsType<ManagedIdentityCredential>(identity.Credential);
    }

    [Fact]
    public void Explicit_service_uris_serve_other_clouds_and_off_azure_the_developer_s_sign_in_is_used()
    {
        var identity = Read(
            ("AzureWebJobsStorage:tableServiceUri", "https://engagestore.table.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:queueServiceUri", "https://engagestore.queue.core.chinacloudapi.cn")).StorageIdentity!;

        Assert.Equal("engagestore.table.core.chinacloudapi.cn", identity.TableServiceUri.Host);
        Assert.False(identity.UseManagedIdentity);
        Assert.IsType<DefaultAzureCredential>(identity.Credential);
    }

    [Fact]
    public void A_connection_string_wins_over_identity_settings()
    {
        var options = Read(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage:accountName", "engagestore"));

        Assert.Null(options.StorageIdentity);
        Assert.Equal("UseDevelopmentStorage=true", options.StorageConnectionString);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage:tableServiceUri", "https://engagestore.table.core.windows.net")]
    [InlineData("AzureWebJobsStorage:accountName", "Engage_Store")]
    [InlineData("AzureWebJobsStorage:queueServiceUri", "engagestore.queue")]
    public void Settings_that_name_an_account_only_half_way_stop_the_host(string key, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((key, value)));

        Assert.Contains("AzureWebJobsStorage__", error.Message);
    }

    private static FunctionsHostOptions Read(params (string Key, string? Value)[] settings) =>
        FunctionsHostOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());
}
