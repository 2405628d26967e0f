using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests;

public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private readonly FunctionsAppFactory _factory = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _client = _factory.WithKeys().CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_unknown_route_answers_404_problem_json_without_asking_for_a_key()
    {
        var problem = await ProblemJson.ReadAsync(await _client.GetAsync("/api/no-such-function"), 404);

        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_wrong_method_answers_405_problem_json_with_the_allowed_methods()
    {
        var response = await _client.DeleteAsync("/api/test/function");

        await ProblemJson.ReadAsync(response, 405);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task An_exception_answers_500_problem_json_that_reveals_nothing_and_logs_the_exception_with_the_trace_id()
    {
        var response = await _client.GetAsync("/api/test/throw");

        var body = await response.Content.ReadAsStringAsync();
        var problem = await ProblemJson.ReadAsync(response, 500);
        Assert.DoesNotContain(TestEndpoints.SecretMessage, body);
        Assert.DoesNotContain(nameof(InvalidOperationException), body);
        Assert.DoesNotContain("TestEndpoints", body);
        Assert.DoesNotContain(" at ", body);

        var traceId = problem.GetProperty("traceId").GetString()!;
        var logged = Assert.Single(_factory.Logs.Entries, e => e.Exception is not null);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal(TestEndpoints.SecretMessage, logged.Exception!.Message);
        Assert.Contains(traceId, logged.Message);
    }

    [Fact]
    public async Task Malformed_json_answers_400_problem_json_that_says_what_is_wrong()
    {
        using var content = new StringContent("{\"name\": \"x\", ", Encoding.UTF8, "application/json");

        var problem = await ProblemJson.ReadAsync(await _client.PostAsync("/api/test/echo", content), 400);

        var detail = problem.GetProperty("detail").GetString();
        Assert.Contains("JSON", detail);
        Assert.Contains("request", detail);
    }

    [Fact]
    public async Task A_json_value_of_the_wrong_type_answers_400_naming_the_json_path()
    {
        using var content = new StringContent("{\"name\": \"x\", \"count\": \"many\"}", Encoding.UTF8, "application/json");

        var problem = await ProblemJson.ReadAsync(await _client.PostAsync("/api/test/echo", content), 400);

        Assert.Contains("$.count", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_415_problem_json()
    {
        using var content = new StringContent("name=x", Encoding.UTF8, "text/plain");

        await ProblemJson.ReadAsync(await _client.PostAsync("/api/test/echo", content), 415);
    }

    [Fact]
    public async Task A_valid_body_still_binds()
    {
        var response = await _client.PostAsJsonAsync("/api/test/echo", new { name = "x", count = 3 });

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<TestEndpoints.EchoRequest>())!.Count);
    }

    [Fact]
    public async Task The_validation_helper_answers_400_problem_json_with_the_detail()
    {
        var problem = await ProblemJson.ReadAsync(await _client.GetAsync("/api/test/invalid"), 400);

        Assert.Equal("domain is required", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_validation_helper_with_field_errors_answers_400_with_the_errors_member()
    {
        var problem = await ProblemJson.ReadAsync(await _client.GetAsync("/api/test/invalid-field"), 400);

        Assert.Equal("The request has invalid fields.", problem.GetProperty("detail").GetString());
        Assert.Equal("must be a host name", problem.GetProperty("errors").GetProperty("domain")[0].GetString());
    }
}
