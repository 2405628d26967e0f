using Azure.Identity;
using Engage.Functions.Engagement.Summaries;
using Engage.Functions.Llm;
using Engage.Functions.Tests.Llm;
using Engage.Testing;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace Engage.Functions.Tests.Engagement.Summaries;

public sealed class ResilientMeetingAnalyzerTests : IAsyncLifetime
{
    private const string CircuitOpen = "llm circuit open after 5 consecutive failures";

    // Real timers, but short: retries without a Retry-After wait about a millisecond, and any wait is capped at 50 ms.
    private static readonly LlmResilienceOptions Options = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(5),
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        FailureThreshold = 5,
        BreakDuration = TimeSpan.FromSeconds(30),
    };

    private readonly ShiftingTimeProvider _time = new();
    private readonly CapturedLogs _logs = new();
    private readonly LoggerFactory _loggers;
    private FakeOpenAiServer _server = null!;
    private ConsecutiveFailureCircuitBreaker _breaker = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public ResilientMeetingAnalyzerTests() => _loggers = new LoggerFactory([_logs]);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _loggers.Dispose();
    }

    [Fact]
    public async Task A_healthy_llm_answers_with_its_lists()
    {
        var analysis = await AnalyzeAsync(Analyzer());

        Assert.Equal(FakeOpenAiServer.Model, analysis.Generator);
        Assert.Null(analysis.FallbackReason);
        Assert.Equal(["Warehouse data migration", "Nightly sync reliability"], analysis.Themes);
        Assert.Equal(1, _server.RequestCount);
    }

    [Theory]
    [InlineData(OpenAiApiType.OpenAi)]
    [InlineData(OpenAiApiType.Azure)]
    public async Task A_429_with_retry_after_ms_is_retried_after_exactly_that_wait(OpenAiApiType apiType)
    {
        _server.Enqueue(FakeReply.Failure(429, ("retry-after-ms", "20"), ("Retry-After", "1")));

        var analysis = await AnalyzeAsync(Analyzer(_server.Settings(apiType)));

        Assert.Equal(FakeOpenAiServer.Model, analysis.Generator);
        Assert.Equal(2, _server.RequestCount);
        Assert.Contains(TimeSpan.FromMilliseconds(20), _time.TimerDueTimes);
    }

    [Fact]
    public async Task A_429_with_retry_after_seconds_is_retried_after_that_wait_capped()
    {
        _server.Enqueue(FakeReply.Failure(429, ("Retry-After", "7")));

        var analysis = await AnalyzeAsync(Analyzer());

        Assert.Equal(FakeOpenAiServer.Model, analysis.Generator);
        Assert.Equal(2, _server.RequestCount);
        Assert.Contains(Options.MaxRetryDelay, _time.TimerDueTimes);
        Assert.DoesNotContain(TimeSpan.FromSeconds(7), _time.TimerDueTimes);
    }

    [Theory]
    [InlineData(OpenAiApiType.OpenAi)]
    [InlineData(OpenAiApiType.Azure)]
    public async Task Server_errors_are_retried_then_the_heuristic_answers_with_the_status_as_reason(OpenAiApiType apiType)
    {
        _server.Default = FakeReply.Failure(503);

        var analysis = await AnalyzeAsync(Analyzer(_server.Settings(apiType)));

        Assert.Equal(3, _server.RequestCount);
        Assert.Equal("heuristic", analysis.Generator);
        Assert.Equal("llm call failed: 503 Service Unavailable", analysis.FallbackReason);
        Assert.Contains("Sync job", analysis.Themes);
        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task Five_failures_in_a_row_open_the_circuit_and_while_open_no_request_reaches_the_llm()
    {
        _server.Default = FakeReply.Failure(500);
        var analyzer = Analyzer();

        var first = await AnalyzeAsync(analyzer);
        Assert.Equal("llm call failed: 500 Internal Server Error", first.FallbackReason);
        Assert.Equal(CircuitState.Closed, _breaker.State);

        // Attempts four and five fail, the fifth opens the circuit, and the retry stops at the open circuit.
        var second = await AnalyzeAsync(analyzer);
        Assert.Equal(CircuitOpen, second.FallbackReason);
        Assert.Equal(5, _server.RequestCount);
        Assert.Equal(CircuitState.Open, _breaker.State);
        Assert.Single(_logs.Entries, e => e.Message.StartsWith("LLM circuit opened after 5 consecutive failures", StringComparison.Ordinal));

        _server.Default = FakeReply.Analysis(FakeOpenAiServer.SampleLists);
        _time.Advance(Options.BreakDuration - TimeSpan.FromSeconds(1));
        var third = await AnalyzeAsync(analyzer);

        Assert.Equal("heuristic", third.Generator);
        Assert.Equal(CircuitOpen, third.FallbackReason);
        Assert.NotEmpty(third.Risks);
        Assert.Equal(5, _server.RequestCount);
    }

    [Fact]
    public async Task A_success_in_between_resets_the_count_of_failures()
    {
        _server.Enqueue(FakeReply.Failure(500), FakeReply.Failure(500), FakeReply.Failure(500), FakeReply.Failure(500));
        var analyzer = Analyzer();

        await AnalyzeAsync(analyzer);
        var recovered = await AnalyzeAsync(analyzer);
        _server.Enqueue(FakeReply.Failure(500), FakeReply.Failure(500), FakeReply.Failure(500));
        var analysis = await AnalyzeAsync(analyzer);

        Assert.Equal(FakeOpenAiServer.Model, recovered.Generator);

        // 500 ×3 → fallback, 500 then 200 → success (4 failures, then a reset), 500 ×3 → fallback: still closed.
        Assert.Equal(8, _server.RequestCount);
        Assert.Equal("llm call failed: 500 Internal Server Error", analysis.FallbackReason);
        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task After_the_break_one_probe_call_succeeds_and_closes_the_circuit()
    {
        var analyzer = await OpenCircuitAsync();
        _server.Default = FakeReply.Analysis(FakeOpenAiServer.SampleLists);

        _time.Advance(Options.BreakDuration);
        var probe = await AnalyzeAsync(analyzer);
        var next = await AnalyzeAsync(analyzer);

        Assert.Equal(FakeOpenAiServer.Model, probe.Generator);
        Assert.Null(probe.FallbackReason);
        Assert.Equal(FakeOpenAiServer.Model, next.Generator);
        Assert.Equal(7, _server.RequestCount);
        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task While_the_probe_is_out_the_circuit_is_half_open_and_other_calls_get_the_heuristic()
    {
        var analyzer = await OpenCircuitAsync();
        _server.Default = FakeReply.Analysis(FakeOpenAiServer.SampleLists) with { Delay = TimeSpan.FromMilliseconds(300) };
        _time.Advance(Options.BreakDuration);

        var probe = AnalyzeAsync(analyzer);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (_server.RequestCount < 6)
        {
            await Task.Delay(5, deadline.Token);
        }

        var state = _breaker.State;
        var other = await AnalyzeAsync(analyzer);

        Assert.Equal(CircuitState.HalfOpen, state);
        Assert.Equal(CircuitOpen, other.FallbackReason);
        Assert.Equal(FakeOpenAiServer.Model, (await probe).Generator);
        Assert.Equal(6, _server.RequestCount);
        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    [Fact]
    public async Task After_the_break_a_failing_probe_opens_the_circuit_again_for_another_break()
    {
        var analyzer = await OpenCircuitAsync();

        _time.Advance(Options.BreakDuration);
        var probe = await AnalyzeAsync(analyzer);

        Assert.Equal(CircuitOpen, probe.FallbackReason);
        Assert.Equal(6, _server.RequestCount);
        Assert.Equal(CircuitState.Open, _breaker.State);

        _time.Advance(Options.BreakDuration / 2);
        await AnalyzeAsync(analyzer);
        Assert.Equal(6, _server.RequestCount);
    }

    [Fact]
    public async Task Malformed_json_from_the_llm_falls_back_without_a_retry()
    {
        _server.Enqueue(FakeReply.Text("{\"themes\": [\"Warehouse data"));

        var analysis = await AnalyzeAsync(Analyzer());

        Assert.Equal("heuristic", analysis.Generator);
        Assert.Equal("llm answer unusable: answer is not valid JSON", analysis.FallbackReason);
        Assert.Equal(1, _server.RequestCount);
    }

    [Theory]
    [InlineData(OpenAiApiType.OpenAi)]
    [InlineData(OpenAiApiType.Azure)]
    public async Task A_rejected_key_falls_back_at_once_and_the_reason_holds_no_key(OpenAiApiType apiType)
    {
        var analysis = await AnalyzeAsync(Analyzer(_server.Settings(apiType, apiKey: "sk-wrong-key-31415926")));

        Assert.Equal("llm call failed: 401 Unauthorized", analysis.FallbackReason);
        Assert.Equal(1, _server.RequestCount);
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("401 Unauthorized", StringComparison.Ordinal));
        Assert.DoesNotContain("sk-wrong-key", _logs.AllText);
        Assert.DoesNotContain("Incorrect API key", _logs.AllText);
        Assert.DoesNotContain("Access denied", _logs.AllText);
    }

    [Theory]
    [InlineData(OpenAiApiType.OpenAi, 302)]
    [InlineData(OpenAiApiType.OpenAi, 307)]
    [InlineData(OpenAiApiType.Azure, 302)]
    [InlineData(OpenAiApiType.Azure, 307)]
    public async Task A_redirect_is_not_followed_so_the_key_never_reaches_the_other_server_and_the_reason_says_what_to_set(OpenAiApiType apiType, int status)
    {
        await using var elsewhere = await FakeOpenAiServer.StartAsync();
        var target = apiType == OpenAiApiType.Azure
            ? new Uri(elsewhere.Endpoint, $"openai/deployments/{FakeOpenAiServer.Model}/chat/completions?api-version=2024-10-21")
            : new Uri(elsewhere.BaseUrl, "chat/completions");
        _server.Enqueue(FakeReply.Failure(status, ("Location", target.ToString())));

        var analysis = await AnalyzeAsync(Analyzer(_server.Settings(apiType)));

        Assert.Empty(elsewhere.Received);
        Assert.Equal(1, _server.RequestCount);
        Assert.Equal("heuristic", analysis.Generator);
        Assert.Contains($"{status}", analysis.FallbackReason, StringComparison.Ordinal);
        Assert.Contains("redirect", analysis.FallbackReason, StringComparison.Ordinal);
        Assert.Contains($"http://{elsewhere.Endpoint.Authority}", analysis.FallbackReason, StringComparison.Ordinal);
        Assert.Contains(OpenAiSettings.BaseUrlSetting, analysis.FallbackReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entra_id_token_that_cannot_be_had_falls_back_without_a_retry_naming_only_the_exception_type()
    {
        var credential = new FakeTokenCredential
        {
            Failure = new AuthenticationFailedException("ManagedIdentityCredential authentication failed: tenant-secret-detail-1618"),
        };
        var settings = new OpenAiSettings
        {
            ApiType = OpenAiApiType.Azure,
            BaseUrl = _server.Endpoint,
            Model = FakeOpenAiServer.Model,
            UseAzureCredential = true,
        };

        var analysis = await AnalyzeAsync(Analyzer(settings, credential: credential));

        Assert.Equal("llm call failed: AuthenticationFailedException", analysis.FallbackReason);
        Assert.Single(credential.RequestedScopes);
        Assert.Equal(0, _server.RequestCount);
        Assert.DoesNotContain("tenant-secret-detail", _logs.AllText);
    }

    [Fact]
    public async Task An_unreachable_server_falls_back_with_the_socket_error()
    {
        var settings = new OpenAiSettings { ApiKey = FakeOpenAiServer.ApiKey, BaseUrl = new Uri($"http://127.0.0.1:{FreePorts.Next()}/v1/") };

        var analysis = await AnalyzeAsync(Analyzer(settings));

        Assert.Equal("llm call failed: unreachable (ConnectionRefused)", analysis.FallbackReason);
    }

    [Fact]
    public async Task An_attempt_that_hangs_is_cut_off_by_the_per_attempt_timeout()
    {
        _server.Default = FakeReply.Analysis(FakeOpenAiServer.SampleLists) with { Delay = TimeSpan.FromSeconds(10) };
        var options = new LlmResilienceOptions { AttemptTimeout = TimeSpan.FromMilliseconds(200), MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) };

        var analysis = await AnalyzeAsync(Analyzer(options: options));

        Assert.Equal("llm call failed: no answer within 0.2 s", analysis.FallbackReason);

        // Seen in the log rather than at the server, which an attempt may not reach before its time is up.
        Assert.Contains(_logs.Entries, e => e.Message.StartsWith("LLM attempt 1 failed (llm call failed: no answer within 0.2 s); retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_turned_into_a_fallback()
    {
        _server.Default = FakeReply.Analysis(FakeOpenAiServer.SampleLists) with { Delay = TimeSpan.FromSeconds(10) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Analyzer().AnalyzeAsync(SampleExcerpts.Excerpt(), cancel.Token));
        Assert.Equal(CircuitState.Closed, _breaker.State);
    }

    private static Task<MeetingAnalysis> AnalyzeAsync(ResilientMeetingAnalyzer analyzer) =>
        analyzer.AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);

    private async Task<ResilientMeetingAnalyzer> OpenCircuitAsync()
    {
        _server.Default = FakeReply.Failure(500);
        var analyzer = Analyzer();
        await AnalyzeAsync(analyzer);
        await AnalyzeAsync(analyzer);
        Assert.Equal(CircuitState.Open, _breaker.State);
        Assert.Equal(5, _server.RequestCount);
        return analyzer;
    }

    private ResilientMeetingAnalyzer Analyzer(LlmResilienceOptions? options = null) => Analyzer(_server.Settings(), options);

    private ResilientMeetingAnalyzer Analyzer(OpenAiSettings settings, LlmResilienceOptions? options = null, FakeTokenCredential? credential = null)
    {
        options ??= Options;
        _breaker = new ConsecutiveFailureCircuitBreaker(
            options.FailureThreshold, options.BreakDuration, _time, _loggers.CreateLogger<ConsecutiveFailureCircuitBreaker>());
        return new ResilientMeetingAnalyzer(
            new OpenAiMeetingAnalyzer(OpenAiChatClientFactory.Create(settings, options.AttemptTimeout, credential), settings.Model),
            new HeuristicMeetingAnalyzer(),
            _breaker,
            options,
            _time,
            _loggers.CreateLogger<ResilientMeetingAnalyzer>());
    }
}
