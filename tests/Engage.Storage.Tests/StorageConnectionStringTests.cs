namespace Engage.Storage.Tests;

public sealed class StorageConnectionStringTests
{
    private const string Key = StorageConnectionString.DevelopmentAccountKey;

    [Fact]
    public void Development_storage_expands_to_azurite_on_loopback()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Development_storage_honours_a_proxy_uri()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://azurite.local");

        Assert.Equal(new Uri("http://azurite.local:10002/devstoreaccount1"), parsed.TableEndpoint);
    }

    [Fact]
    public void The_full_form_builds_endpoints_from_protocol_account_and_suffix()
    {
        var parsed = StorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=engage;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn;");

        Assert.Equal(new Uri("https://engage.table.core.chinacloudapi.cn"), parsed.TableEndpoint);
        Assert.Equal(new Uri("https://engage.queue.core.chinacloudapi.cn"), parsed.QueueEndpoint);
    }

    [Fact]
    public void The_suffix_defaults_to_the_public_cloud_and_the_protocol_to_https()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=engage;AccountKey={Key}");

        Assert.Equal(new Uri("https://engage.table.core.windows.net"), parsed.TableEndpoint);
    }

    [Fact]
    public void Explicit_endpoints_override_the_built_ones()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:5555/devstoreaccount1;QueueEndpoint=http://127.0.0.1:5556/devstoreaccount1/");

        Assert.Equal(new Uri("http://127.0.0.1:5555/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:5556/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://devstoreaccount1.blob.core.windows.net"), parsed.BlobEndpoint);
    }

    [Theory]
    [InlineData("AccountName=a")]
    [InlineData("AccountKey=abc")]
    [InlineData("AccountName=a;AccountKey=not base64!")]
    [InlineData("AccountName=a;AccountKey=YQ==;DefaultEndpointsProtocol=ftp")]
    [InlineData("AccountName=a;AccountKey=YQ==;TableEndpoint=not-a-uri")]
    [InlineData("garbage")]
    public void Malformed_strings_are_refused_without_echoing_the_key(string value)
    {
        var error = Assert.ThrowsAny<FormatException>(() => StorageConnectionString.Parse(value));

        Assert.DoesNotContain("YQ==", error.Message, StringComparison.Ordinal);
        Assert.False(StorageConnectionString.TryParse(value, out _));
    }
}
