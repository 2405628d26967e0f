using Azure.Identity;
using Engage.Functions.Storage;
using Microsoft.Extensions.Configuration;

namespace Engage.Functions.Tests.Storage;

/// <summary>
/// How the app reads <c>AzureWebJobsStorage</c>: a connection string locally, or the identity-based connection the
/// Bicep deployment configures for the host and the app alike.
/// </summary>
public sealed class StorageConnectionTests
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public void Without_settings_the_development_storage_is_used()
    {
        var connection = Read();

        Assert.Null(connection.Identity);
        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), connection.CreateTableServiceClient().Uri);
    }

    [Fact]
    public void The_connection_may_come_from_the_connection_strings_section_but_the_app_setting_wins()
    {
        var a = $"AccountName=a;AccountKey={AccountKey}";
        var b = $"AccountName=b;AccountKey={AccountKey}";

        Assert.Equal(b, Read(("ConnectionStrings:AzureWebJobsStorage", b)).ConnectionString);
        Assert.Equal(a, Read(("AzureWebJobsStorage", a), ("ConnectionStrings:AzureWebJobsStorage", b)).ConnectionString);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=gopher;AccountName=devstoreaccount1;AccountKey=" + AccountKey)]
    [InlineData(AccountKey)]
    [InlineData("AccountName=devstoreaccount1;" + AccountKey)]
    public void An_unusable_connection_string_stops_the_host_naming_the_setting_but_not_the_key(string connectionString)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read(("AzureWebJobsStorage", connectionString)));

        Assert.StartsWith("AzureWebJobsStorage is not a usable storage connection string", error.Message);
        Assert.DoesNotContain(AccountKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_account_name_reaches_its_blob_queue_and_table_endpoints_with_the_user_assigned_identity()
    {
        var connection = Read(
            ("AzureWebJobsStorage:accountName", "engagestore"),
            ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AzureWebJobsStorage:clientId", "6d0c2d55-51b6-4ec4-9c2e-1f2b6f1d2a11"));

        var identity = Assert.IsType<StorageIdentitySettings>(connection.Identity);
        Assert.Equal(new Uri("https://engagestore.table.core.windows.net"), connection.CreateTableServiceClient().Uri);
        Assert.Equal(new Uri("https://engagestore.queue.core.windows.net"), identity.QueueServiceUri);
        Assert.Equal(new Uri("https://engagestore.blob.core.windows.net"), identity.BlobServiceUri);
        Assert.Equal("6d0c2d55-51b6-4ec4-9c2e-1f2b6f1d2a11", identity.ClientId);
        Assert.IsType<ManagedIdentityCredential>(identity.Credential);
    }

    [Fact]
    public void Explicit_service_uris_serve_other_clouds_and_off_azure_the_developer_s_sign_in_is_used()
    {
        var identity = Read(
            ("AzureWebJobsStorage:blobServiceUri", "https://engagestore.blob.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:tableServiceUri", "https://engagestore.table.core.chinacloudapi.cn"),
            ("AzureWebJobsStorage:queueServiceUri", "https://engagestore.queue.core.chinacloudapi.cn")).Identity!;

        Assert.Equal("engagestore.table.core.chinacloudapi.cn", identity.TableServiceUri.Host);
        Assert.False(identity.UseManagedIdentity);
        Assert.IsType<DefaultAzureCredential>(identity.Credential);
    }

    [Fact]
    public void A_connection_string_wins_over_identity_settings()
    {
        var connection = Read(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsStorage:accountName", "engagestore"));

        Assert.Null(connection.Identity);
        Assert.Equal("UseDevelopmentStorage=true", connection.ConnectionString);
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

    private static StorageConnection Read(params (string Key, string? Value)[] settings) =>
        StorageConnection.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());
}
