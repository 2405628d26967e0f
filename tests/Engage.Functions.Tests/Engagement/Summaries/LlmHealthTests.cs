using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.Functions.Engagement.Summaries;
using Engage.Functions.Llm;
using Engage.Functions.Tests.Llm;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Engagement.Summaries;

public sealed class LlmHealthTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly List<AppFactory> _apps = [];
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Without_an_llm_health_names_the_heuristic_and_shows_no_circuit()
    {
        var (status, health) = await GetHealthAsync(App());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var llm = health.GetProperty("engagement").GetProperty("llm");
        Assert.Equal("ok", llm.GetProperty("status").GetString());
        Assert.Equal("heuristic", llm.GetProperty("generator").GetString());
        Assert.False(llm.TryGetProperty("circuit", out _));
    }

    [Fact]
    public async Task With_an_llm_health_shows_the_model_and_a_closed_circuit()
    {
        var (status, health) = await GetHealthAsync(App(WithLlm()));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var llm = health.GetProperty("engagement").GetProperty("llm");
        Assert.Equal("ok", llm.GetProperty("status").GetString());
        Assert.Equal("closed", llm.GetProperty("circuit").GetString());
        Assert.Equal(FakeOpenAiServer.Model, llm.GetProperty("generator").GetString());
        Assert.Equal(0, _server.RequestCount);
    }

    [Fact]
    public async Task An_open_circuit_is_shown_as_degraded_and_health_stays_200_because_the_heuristic_serves()
    {
        _server.Default = FakeReply.Failure(500);
        var app = App([.. WithLlm(), (LlmResilienceOptions.MaxRetriesSetting, "0")]);
        var analyzer = app.Services.GetRequiredService<IMeetingAnalyzer>();
        for (var i = 0; i < 5; i++)
        {
            await analyzer.AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);
        }

        var fallback = await analyzer.AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);
        var (status, health) = await GetHealthAsync(app);

        Assert.Equal("llm circuit open after 5 consecutive failures", fallback.FallbackReason);
        Assert.Equal(5, _server.RequestCount);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Equal("ok", health.GetProperty("storage").GetProperty("tables").GetProperty("status").GetString());
        var llm = health.GetProperty("engagement").GetProperty("llm");
        Assert.Equal("degraded", llm.GetProperty("status").GetString());
        Assert.Equal("open", llm.GetProperty("circuit").GetString());
        Assert.Equal(FakeOpenAiServer.Model, llm.GetProperty("generator").GetString());
        Assert.StartsWith("llm circuit open after 5 consecutive failures", llm.GetProperty("reason").GetString());
        Assert.DoesNotContain(FakeOpenAiServer.ApiKey, health.GetRawText());
    }

    private (string Key, string Value)[] WithLlm() =>
    [
        (OpenAiSettings.ApiKeySetting, FakeOpenAiServer.ApiKey),
        (OpenAiSettings.BaseUrlSetting, _server.BaseUrl.ToString()),
    ];

    private AppFactory App(params (string Key, string Value)[] settings)
    {
        var app = new AppFactory(azurite.Server, settings);
        _apps.Add(app);
        return app;
    }

    private static async Task<(HttpStatusCode Status, JsonElement Health)> GetHealthAsync(AppFactory app)
    {
        var response = await app.CreateClient().GetAsync("/api/health");
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
