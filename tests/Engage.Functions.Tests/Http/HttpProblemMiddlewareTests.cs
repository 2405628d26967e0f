using System.Text.Json;
using Azure;
using Engage.Functions.Http;
using Engage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Http;

public sealed class HttpProblemMiddlewareTests
{
    private const string Secret = "connection to db-prod-7 failed";

    private readonly CapturedLogs _logs = new();

    [Fact]
    public async Task An_exception_becomes_a_500_problem_that_reveals_nothing_and_is_logged_with_its_trace_id()
    {
        var http = Request();

        await Middleware().Invoke(FunctionContexts.ForHttp(http, "StartEngagementSummary").Object, _ => throw new InvalidOperationException(Secret));

        var (status, body, problem) = Read(http);
        Assert.Equal(500, status);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        var traceId = problem.GetProperty("traceId").GetString()!;
        var logged = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("StartEngagementSummary", logged.Message, StringComparison.Ordinal);
        Assert.Contains(traceId, logged.Message, StringComparison.Ordinal);
        Assert.Equal(Secret, logged.Exception!.Message);
    }

    public static TheoryData<Exception> StorageOutages =>
    [
        new RequestFailedException(0, "No connection could be made: 127.0.0.1:10002"),
        new RequestFailedException(503, "Server busy"),
        new AggregateException("Retry failed after 4 tries.", new RequestFailedException(0, "refused"), new RequestFailedException(0, "refused")),
    ];

    [Theory]
    [MemberData(nameof(StorageOutages))]
    public async Task Storage_that_does_not_answer_is_a_503_with_retry_after_that_reveals_nothing(Exception outage)
    {
        var http = Request();

        await Middleware().Invoke(FunctionContexts.ForHttp(http).Object, _ => throw outage);

        var (status, body, problem) = Read(http);
        Assert.Equal(503, status);
        Assert.Equal("5", http.Response.Headers.RetryAfter.ToString());
        Assert.StartsWith("Engage's storage is not answering", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.Same(outage, Assert.Single(_logs.Entries).Exception);
    }

    [Fact]
    public async Task A_storage_answer_that_is_the_apps_own_fault_stays_a_500()
    {
        var http = Request();

        await Middleware().Invoke(FunctionContexts.ForHttp(http).Object, _ => throw new RequestFailedException(400, "The property value exceeds the maximum allowed size (64KB)."));

        Assert.Equal(500, Read(http).Status);
    }

    [Fact]
    public async Task A_malformed_request_gets_its_own_status_and_the_frameworks_explanation()
    {
        var http = Request();

        await Middleware().Invoke(
            FunctionContexts.ForHttp(http).Object,
            _ => throw new BadHttpRequestException("Request body too large. The max request body size is 30000000 bytes.", StatusCodes.Status413PayloadTooLarge));

        var (status, _, problem) = Read(http);
        Assert.Equal(413, status);
        Assert.StartsWith("Request body too large.", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_function_that_succeeds_is_left_alone()
    {
        var http = Request();
        var called = false;

        await Middleware().Invoke(FunctionContexts.ForHttp(http).Object, _ =>
        {
            called = true;
            return Task.CompletedTask;
        });

        Assert.True(called);
        Assert.Equal(200, http.Response.StatusCode);
        Assert.Equal(0, http.Response.Body.Length);
    }

    [Fact]
    public async Task A_caller_that_hung_up_gets_no_answer_and_the_cancellation_goes_on()
    {
        var http = Request();
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        http.RequestAborted = gone.Token;

        await Assert.ThrowsAsync<OperationCanceledException>(() =>
            Middleware().Invoke(FunctionContexts.ForHttp(http).Object, _ => throw new OperationCanceledException(gone.Token)));
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task A_function_without_a_request_such_as_an_activity_keeps_its_exception()
    {
        var context = FunctionContexts.ForHttp(Request());
        context.SetupGet(c => c.Items).Returns(new Dictionary<object, object>());

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Middleware().Invoke(context.Object, _ => throw new InvalidOperationException(Secret)));
    }

    private HttpProblemMiddleware Middleware() => new(new Logger<HttpProblemMiddleware>(new LoggerFactory([_logs])));

    private static DefaultHttpContext Request()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        return FunctionContexts.Request("POST", "/api/engagement-summary", services: services);
    }

    private static (int Status, string Body, JsonElement Problem) Read(HttpContext http)
    {
        http.Response.Body.Position = 0;
        var body = new StreamReader(http.Response.Body).ReadToEnd();
        return (http.Response.StatusCode, body, JsonDocument.Parse(body).RootElement);
    }
}
