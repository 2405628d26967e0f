using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Tests.Workflows;
using Engage.Functions.Tests.Workflows.Chat;
using Engage.Functions.Workflows.Chat.Replies;
using Engage.Functions.Workflows.Definitions;
using Engage.Testing;

namespace Engage.Functions.Tests.OpenApi;

/// <summary>
/// One app for the contract test, on an Azurite of its own: "run the planner now" reads (and may start work for)
/// every customer in the account, and on the run's shared Azurite those are every other test's, thousands by then.
/// The discovery demo indexed, an engagement run of the demo domain complete, the workflow routes with seeded
/// definitions, and the chat answered by the local responder (no LLM is configured) without its delay between words.
/// Cases make the records they change.
/// </summary>
public sealed class ContractApp : IAsyncLifetime
{
    public const string WebhookSecret = "contract-webhook-secret";

    /// <summary>The demo domain with the fewest meetings, so its run completes quickly.</summary>
    public const string Domain = "initech.com";

    private AzuriteServer? _azurite;
    private AppFactory? _app;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The app is not started.");

    public JsonNode Document { get; private set; } = null!;

    /// <summary>The served document's schemas, ready to validate answers against.</summary>
    public DocumentSchemas Schemas { get; private set; } = null!;

    public string RunId { get; private set; } = string.Empty;

    /// <summary>An indexed conversation of the demo.</summary>
    public JsonObject Conversation { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteServer.StartAsync();
        _app = new AppFactory(
            _azurite,
            ("DISCOVERY_TABLE_PREFIX", "o" + Guid.NewGuid().ToString("N")[..12]),
            ("DISCOVERY_WEBHOOK_SECRET", WebhookSecret),
            ("DISCOVERY_CREWS", string.Empty),
            (ChatReplyOptions.LocalTokenDelaySetting, "0"));
        Http = _app.CreateClient();
        Document = JsonNode.Parse(await Http.GetStringAsync("/api/openapi.json"))!;
        Schemas = new DocumentSchemas(Document);

        var started = await JsonAsync(HttpMethod.Post, "/api/engagement-summary", new JsonObject { ["domain"] = Domain });
        RunId = started["run_id"]!.GetValue<string>();
        using (var run = await SendAsync(HttpMethod.Post, "/api/discovery/run"))
        {
            Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        }

        Conversation = (await Eventually.GetAsync(
            async () => (await JsonAsync(HttpMethod.Get, "/api/conversations?limit=1"))["items"]!.AsArray().FirstOrDefault()?.AsObject(),
            c => c is not null,
            what: "indexed"))!;
        await Eventually.GetAsync(
            async () => (await JsonAsync(HttpMethod.Get, $"/api/engagement-status?domain={Domain}&run_id={RunId}", array: true)).AsArray()[0]!["status"]!.GetValue<string>(),
            s => s == "complete",
            TimeSpan.FromSeconds(90),
            "complete");
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    /// <param name="body">A JSON node, or a string sent as it is.</param>
    /// <param name="user">A user of the development header, or null for the development admin.</param>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        string path,
        object? body = null,
        string? user = null,
        string contentType = "application/json",
        params (string Name, string Value)[] headers)
    {
        using var request = new WorkflowsClient(Http, user).NewRequest(method, path, body, contentType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The JSON of a request that must succeed.</summary>
    public async Task<JsonNode> JsonAsync(HttpMethod method, string path, JsonNode? body = null, bool array = false)
    {
        using var response = await SendAsync(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        var json = JsonNode.Parse(text)!;
        return array ? json : json.AsObject();
    }

    public async Task<string> NewCustomerAsync(string? owner = null)
    {
        var body = new JsonObject { ["name"] = "Contract Co", ["domain"] = $"c{Guid.NewGuid():N}.example.com", ["arr"] = 120000, ["healthScore"] = 70, ["renewalDate"] = "2030-01-15" };
        if (owner is not null)
        {
            body["owner"] = owner;
        }

        return (await JsonAsync(HttpMethod.Post, "/api/customers", body))["id"]!.GetValue<string>();
    }

    public async Task<JsonObject> NewExecutionAsync(string? customerId = null) =>
        (await JsonAsync(HttpMethod.Post, "/api/workflows/executions", new JsonObject { ["customerId"] = customerId ?? await NewCustomerAsync(), ["workflowId"] = SeedWorkflows.RenewalPreparation })).AsObject();

    /// <summary>A new execution's chat thread on its active step.</summary>
    public async Task<string> NewThreadAsync()
    {
        var execution = await NewExecutionAsync();
        var thread = await ChatCalls.CreateAsync(new WorkflowsClient(Http), execution["id"]!.GetValue<string>(), execution["currentStep"]!.GetValue<string>());
        return thread["id"]!.GetValue<string>();
    }

    public async Task<string> NewTaskAsync(string customerId) =>
        (await JsonAsync(HttpMethod.Post, "/api/workflows/tasks", new JsonObject { ["customerId"] = customerId, ["title"] = "Call them" }))["id"]!.GetValue<string>();

    public async Task<string> NewArtifactAsync(string customerId) =>
        (await JsonAsync(HttpMethod.Post, "/api/workflows/artifacts", new JsonObject { ["customerId"] = customerId, ["type"] = "note", ["title"] = "Notes", ["content"] = "Text" }))["id"]!.GetValue<string>();
}
