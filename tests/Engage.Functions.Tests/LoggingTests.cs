using Engage.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Engage.Functions.Tests;

public sealed class LoggingTests : IAsyncLifetime
{
    private readonly FunctionsAppFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Each_request_is_logged_with_method_path_status_and_duration_but_no_query_string()
    {
        var client = _factory.WithKeys().CreateClient();

        await client.GetAsync($"/api/test/function?code={FunctionsAppFactory.FunctionKey}&other=visible-only-in-the-query");

        var entry = Assert.Single(_factory.Logs.Entries, e => e.Category.EndsWith("RequestLoggingMiddleware", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.StartsWith("HTTP GET /api/test/function responded 200 in ", entry.Message);
        Assert.Contains("DurationMs=", entry.State);
        Assert.DoesNotContain("visible-only-in-the-query", _factory.Logs.AllText);
        Assert.DoesNotContain(FunctionsAppFactory.FunctionKey, _factory.Logs.AllText);
    }

    [Fact]
    public void Console_logs_are_json_with_scopes_outside_local_development()
    {
        using var app = _factory.WithKeys();

        var console = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = app.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
    }

    [Fact]
    public void Console_logs_are_simple_lines_with_scopes_in_local_development()
    {
        using var app = _factory.With((FunctionsHostOptions.EnvironmentSetting, "Development"));

        var console = app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var simple = app.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Simple, console.FormatterName);
        Assert.True(simple.IncludeScopes);
    }
}
