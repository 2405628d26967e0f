using Engage.Testing;

namespace Engage.LocalHost.Tests.Hosting;

/// <summary>Keys are not checked, so the host listens on this machine only, whatever ASPNETCORE_URLS or --urls say.</summary>
public sealed class LoopbackUrlsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void Without_urls_the_host_listens_on_127_0_0_1_7071()
    {
        Assert.Equal("http://127.0.0.1:7071", LocalFunctionsHost.LoopbackUrls(null));
        Assert.Equal("http://127.0.0.1:7071", LocalFunctionsHost.LoopbackUrls("  "));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("http://+:80;http://*:81", "http://127.0.0.1:80;http://127.0.0.1:81")]
    [InlineData("http://example.com:5000", "http://127.0.0.1:5000")]
    [InlineData("https://[::]:7443", "https://127.0.0.1:7443")]
    [InlineData("http://192.168.1.20:7071/engage", "http://127.0.0.1:7071/engage")]
    public void An_address_beyond_this_machine_is_moved_to_loopback_on_its_port(string configured, string expected) =>
        Assert.Equal(expected, LocalFunctionsHost.LoopbackUrls(configured));

    [Theory]
    [InlineData("http://localhost:5000; http://[::1]:5001", "http://localhost:5000;http://[::1]:5001")]
    [InlineData("http://127.0.0.1:0", "http://127.0.0.1:0")]
    [InlineData("https://127.0.0.2:7443", "https://127.0.0.2:7443")]
    [InlineData("http://unix:/run/engage.sock", "http://unix:/run/engage.sock")]
    [InlineData("http://pipe:/engage", "http://pipe:/engage")]
    public void Loopback_addresses_and_local_sockets_are_kept(string configured, string expected) =>
        Assert.Equal(expected, LocalFunctionsHost.LoopbackUrls(configured));

    [Fact]
    public async Task The_built_host_listens_on_loopback_when_told_to_listen_everywhere()
    {
        string[] args =
        [
            "--urls", "http://0.0.0.0:0",
            "--AzureWebJobsStorage", azurite.ConnectionString,
            $"--{LocalHostFactory.HubNameSetting}", "h" + Guid.NewGuid().ToString("N")[..12],
            .. AppSettings.Quiet.SelectMany(s => new[] { $"--{s.Key}", s.Value ?? string.Empty }),
        ];
        await using var app = LocalFunctionsHost.Build(args);

        await app.StartAsync();
        var urls = app.Urls.ToList();
        await app.StopAsync();

        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal));
    }
}
