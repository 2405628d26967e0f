using Engage.Functions.Hosting;

namespace Engage.Functions.Tests;

public sealed class ListenUrlsTests
{
    private static readonly FunctionsHostOptions Production = new() { Environment = "Production" };
    private static readonly FunctionsHostOptions Development = new() { Environment = "Development" };

    [Fact]
    public void Standalone_without_urls_listens_on_localhost_7071() =>
        Assert.Equal("http://localhost:7071", ListenUrls.Resolve(Production, configuredUrls: null));

    [Fact]
    public void Local_development_without_urls_listens_on_127_0_0_1_7071() =>
        Assert.Equal("http://127.0.0.1:7071", ListenUrls.Resolve(Development, configuredUrls: ""));

    [Fact]
    public void Configured_urls_win_outside_local_development() =>
        Assert.Equal("http://0.0.0.0:8080", ListenUrls.Resolve(Production, "http://0.0.0.0:8080"));

    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("http://+:80;http://*:81", "http://127.0.0.1:80;http://127.0.0.1:81")]
    [InlineData("http://example.com:5000", "http://127.0.0.1:5000")]
    [InlineData("http://localhost:5000; http://[::1]:5001", "http://localhost:5000;http://[::1]:5001")]
    [InlineData("http://127.0.0.1:0", "http://127.0.0.1:0")]
    public void Local_development_keeps_configured_urls_on_loopback(string configured, string expected) =>
        Assert.Equal(expected, ListenUrls.Resolve(Development, configured));

    [Fact]
    public void The_custom_handler_port_wins_over_configured_urls_and_binds_loopback_only()
    {
        var options = new FunctionsHostOptions { Environment = "Production", CustomHandlerPort = 40123 };

        Assert.Equal("http://127.0.0.1:40123", ListenUrls.Resolve(options, "http://0.0.0.0:8080"));
    }
}
