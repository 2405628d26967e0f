using Engage.Testing;

namespace Engage.LocalHost.Tests.Hosting;

/// <summary>
/// Keys are not checked, so the host listens on this machine only, and refuses to start when ASPNETCORE_URLS, --urls
/// or a Kestrel endpoint asks for any other address.
/// </summary>
public sealed class LoopbackUrlsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void Without_urls_the_host_listens_on_127_0_0_1_7071()
    {
        Assert.Equal("http://127.0.0.1:7071", LocalFunctionsHost.LoopbackUrls(null));
        Assert.Equal("http://127.0.0.1:7071", LocalFunctionsHost.LoopbackUrls("  "));
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://0.0.0.0:8080")]
    [InlineData("http://+:80;http://*:81", "http://+:80")]
    [InlineData("http://example.com:5000", "http://example.com:5000")]
    [InlineData("https://[::]:7443", "https://[::]:7443")]
    [InlineData("http://192.168.1.20:7071/engage", "http://192.168.1.20:7071/engage")]
    [InlineData("http://127.0.0.1:5000;http://*:5001", "http://*:5001")]
    public void An_address_beyond_this_machine_is_refused_naming_it(string configured, string refused)
    {
        var e = Assert.Throws<InvalidOperationException>(() => LocalFunctionsHost.LoopbackUrls(configured));

        Assert.Contains(refused, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not check function or admin keys", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://localhost:5000; http://[::1]:5001", "http://localhost:5000;http://[::1]:5001")]
    [InlineData("http://127.0.0.1:0", "http://127.0.0.1:0")]
    [InlineData("https://127.0.0.2:7443", "https://127.0.0.2:7443")]
    [InlineData("http://unix:/run/engage.sock", "http://unix:/run/engage.sock")]
    [InlineData("http://pipe:/engage", "http://pipe:/engage")]
    public void Loopback_addresses_and_local_sockets_are_kept(string configured, string expected) =>
        Assert.Equal(expected, LocalFunctionsHost.LoopbackUrls(configured));

    [Theory]
    [InlineData("--urls", "http://0.0.0.0:0")]
    [InlineData("--Kestrel:Endpoints:Everywhere:Url", "http://0.0.0.0:0")]
    public void The_host_refuses_to_start_when_told_to_listen_beyond_this_machine(string setting, string url)
    {
        var e = Assert.Throws<InvalidOperationException>(() => LocalFunctionsHost.Build([setting, url, .. Settings()]));

        Assert.Contains(url, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not check function or admin keys", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_built_host_listens_on_the_loopback_address_it_is_given()
    {
        await using var app = LocalFunctionsHost.Build(["--urls", "http://127.0.0.1:0", .. Settings()]);

        await app.StartAsync();
        var urls = app.Urls.ToList();
        await app.StopAsync();

        Assert.NotEmpty(urls);
        Assert.All(urls, url => Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal));
    }

    private string[] Settings() =>
    [
        "--AzureWebJobsStorage", azurite.ConnectionString,
        $"--{LocalHostFactory.HubNameSetting}", "h" + Guid.NewGuid().ToString("N")[..12],
        .. AppSettings.Quiet.SelectMany(s => new[] { $"--{s.Key}", s.Value ?? string.Empty }),
    ];
}
