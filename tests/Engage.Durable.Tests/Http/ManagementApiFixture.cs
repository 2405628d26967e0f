using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.Durable.Client;
using Engage.Durable.Http;
using Engage.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engage.Durable.Tests.Http;

/// <summary>
/// A real web app on a loopback port serving the management API, with a worker running
/// <see cref="TestOrchestrations"/> on a task hub of its own on the shared Azurite. Its links carry
/// <see cref="SystemKey"/>, which needs escaping.
/// </summary>
public sealed class ManagementApiFixture : IAsyncLifetime
{
    public const string SystemKey = "system key/+";

    public const string BasePath = DurableHttpApiOptions.DefaultBasePath;

    private WebApplication? _app;

    public string HubName { get; } = "h" + Guid.NewGuid().ToString("N")[..12];

    public HttpClient Http { get; private set; } = null!;

    public DurableTaskClient Client => App.Services.GetRequiredService<DurableTaskClient>();

    public CollectingLoggerProvider Logs { get; } = new();

    /// <summary>The absolute base every link starts with.</summary>
    public string ApiRoot => Http.BaseAddress!.GetLeftPart(UriPartial.Authority) + BasePath;

    /// <summary>The query every link ends with, as Durable builds it.</summary>
    public string LinkQuery => $"taskHub={HubName}&connection=Storage&code=system%20key%2F%2B";

    private WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.SharedAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<DurableHttpApiOptions>(options => options.SystemKey = SystemKey);
        builder.Services.AddDurableTask(azurite.ConnectionString, new TestOrchestrations().Register, options =>
        {
            options.HubName = HubName;
            options.MaxPollingInterval = TimeSpan.FromMilliseconds(200);
        });

        _app = builder.Build();
        _app.MapDurableTaskManagementApi();
        _app.MapPost("/api/greetings", StartGreetingAsync);
        await _app.Services.CreateTaskHubIfNotExistsAsync();
        await _app.StartAsync();
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    /// <summary>Starts <paramref name="orchestrator"/> through the API and returns the check-status answer.</summary>
    public Task<HttpResponseMessage> StartAsync(string orchestrator, object? input, string? instanceId = null) =>
        Http.PostAsJsonAsync($"{BasePath}/orchestrators/{orchestrator}" + (instanceId is null ? string.Empty : "/" + instanceId), input);

    /// <summary>Starts through the API and returns the links of the check-status body.</summary>
    public async Task<ManagementLinks> StartAndReadLinksAsync(string orchestrator, object? input, string? instanceId = null)
    {
        using var response = await StartAsync(orchestrator, input, instanceId);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return ManagementLinks.From(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Follows <paramref name="statusUrl"/> as a Durable client does, until the answer is no longer 202.</summary>
    public async Task<HttpResponseMessage> PollUntilFinishedAsync(string statusUrl, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var response = await Http.GetAsync(statusUrl);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return response;
            }

            response.Dispose();
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{statusUrl} still answered 202 after {timeout}. Worker log: {string.Join(Environment.NewLine, Logs.Entries)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>A starter of the app's own, answering its own JSON with the management links merged in.</summary>
    private static async Task<IResult> StartGreetingAsync(HttpRequest request, DurableTaskClient client)
    {
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync("Sequence", new[] { "Ada" });
        var body = JsonSerializer.SerializeToNode(client.CreateHttpManagementPayload(request, instanceId))!.AsObject();
        body["ok"] = true;
        body["status"] = "processing";
        return Results.Json(body, statusCode: StatusCodes.Status202Accepted);
    }
}
