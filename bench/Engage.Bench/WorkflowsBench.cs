using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Queue;
using Engage.LocalHost.Functions;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Bench;

/// <summary>
/// The workflow routes at the scale, in process against a private Azurite: 10,000 active executions over
/// 1,000 customers and 20 CSMs, seeded straight through the stores (customer rows, execution read models and their
/// queue entries, as a start writes them). Measures the first page of a CSM's queue and of everyone's, the context
/// of an execution, and the snooze action on executions started for real. A route the app does not have yet is
/// listed under <c>missing</c>; an answer that is not 2xx stops the bench.
/// </summary>
internal static class WorkflowsBench
{
    private const int Customers = 1000;
    private const int ExecutionsPerCustomer = 10;
    private const int Owners = 20;
    private const int SeedParallelism = 48;
    private const int Warmup = 20;
    private const int Samples = 200;
    private const int Actions = 10;

    public static async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = await BenchApp.StartAsync(azurite, [], null, cancellationToken);
        using var http = BenchApp.Client(app);

        var seeding = System.Diagnostics.Stopwatch.StartNew();
        var (customers, executions) = await SeedAsync(app.Services, cancellationToken);
        Console.Error.WriteLine($"seeded {executions.Count:N0} executions over {customers.Count:N0} customers in {seeding.Elapsed.TotalSeconds:0.0} s");

        var figures = new Dictionary<string, object>();
        var missing = new List<string>();
        var random = new Random(12);

        var queue = await MeasureAsync(i => Get(http, "/api/workflows/queue?limit=25", Owner(i)), cancellationToken);
        figures["queue_first_page_ms_p50"] = queue.At(50);
        figures["queue_first_page_ms_p95"] = queue.At(95);
        var everyone = await MeasureAsync(_ => Get(http, "/api/workflows/queue?limit=25", null), cancellationToken);
        figures["queue_all_first_page_ms_p50"] = everyone.At(50);
        figures["queue_all_first_page_ms_p95"] = everyone.At(95);

        var routes = app.Services.GetRequiredService<FunctionCatalog>().Functions.Select(f => f.Trigger.Route).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!routes.Contains("workflows/context"))
        {
            missing.Add("context_ms_p50, context_ms_p95: GET /api/workflows/context is not there yet");
        }
        else
        {
            var context = await MeasureAsync(_ => Get(http, $"/api/workflows/context?workflowExecutionId={executions[random.Next(executions.Count)]}", null), cancellationToken);
            figures["context_ms_p50"] = context.At(50);
            figures["context_ms_p95"] = context.At(95);
        }

        if (!routes.Contains("workflows/actions/execute"))
        {
            missing.Add("action_execute_ms_p50: POST /api/workflows/actions/execute is not there yet");
        }
        else
        {
            figures["action_execute_ms_p50"] = (await MeasureSnoozesAsync(http, customers, cancellationToken)).At(50);
        }

        await app.StopAsync(cancellationToken);
        figures["executions"] = executions.Count;
        figures["customers"] = customers.Count;
        figures["seed_s"] = Math.Round(seeding.Elapsed.TotalSeconds, 1);
        if (missing.Count > 0)
        {
            figures["missing"] = missing;
        }

        return figures;
    }

    private static string Owner(int i) => $"csm{i % Owners:D2}@bench.example.com";

    /// <summary>
    /// Customers spread over every renewal stage, ARR and health, each with <see cref="ExecutionsPerCustomer"/> open
    /// executions of the seeded workflows, written as a start writes them: the row with its event, then the queue entry.
    /// </summary>
    private static async Task<(List<Customer> Customers, List<string> Executions)> SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var seed = new BenchRecords(services);
        var queue = services.GetRequiredService<WorkflowQueue>();
        var workflows = await services.GetRequiredService<WorkflowDefinitions>().LatestAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var customers = new Customer[Customers];
        var executions = new string[Customers * ExecutionsPerCustomer];
        await Parallel.ForAsync(0, Customers, new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism, CancellationToken = cancellationToken }, async (c, token) =>
        {
            var id = RecordId.NewCustomer();
            var customer = await seed.CustomerAsync(
                new Customer
                {
                    PartitionKey = id,
                    RowKey = Customer.RowKeyFor(id),
                    Name = $"Bench customer {c}",
                    Domain = $"customer{c}.bench.example.com",
                    Arr = 5_000 + (c * 997 % 1_000_000),
                    PreviousArr = 5_000 + (c * 991 % 1_000_000),
                    HealthScore = c * 37 % 101,
                    RenewalDate = new DateTimeOffset(today.AddDays((c * 13 % 420) - 10).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                    Owner = Owner(c),
                    CreatedAt = now,
                    UpdatedAt = now,
                },
                now,
                token);
            customers[c] = customer;
            for (var e = 0; e < ExecutionsPerCustomer; e++)
            {
                var execution = await seed.ExecutionAsync(customer, workflows[e % workflows.Count], now, token);
                await queue.SyncAsync(execution, customer, today, token);
                executions[(c * ExecutionsPerCustomer) + e] = execution.Id;
            }
        });

        return ([.. customers], [.. executions]);
    }

    /// <summary>
    /// The snooze action on <see cref="Actions"/> executions started for real (the seeded ones have no
    /// orchestration): each answer waits until the orchestration applied it.
    /// </summary>
    private static async Task<Percentiles> MeasureSnoozesAsync(HttpClient http, IEnumerable<Customer> customers, CancellationToken cancellationToken)
    {
        var started = new List<string>();
        foreach (var customer in customers.Take(Actions))
        {
            using var start = await SendAsync(http, HttpMethod.Post, "/api/workflows/executions", null, new JsonObject { ["customerId"] = customer.Id, ["workflowId"] = SeedWorkflows.RenewalPreparation });
            started.Add((await start.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!.GetValue<string>());
        }

        var timings = new Percentiles();
        foreach (var id in started)
        {
            var body = new JsonObject
            {
                ["actionId"] = "snooze",
                ["workflowExecutionId"] = id,
                ["params"] = new JsonObject { ["until"] = DateTimeOffset.UtcNow.AddHours(1).ToString("O") },
            };
            await timings.MeasureAsync(async () => (await SendAsync(http, HttpMethod.Post, "/api/workflows/actions/execute", null, body)).Dispose());
        }

        return timings;
    }

    /// <summary><see cref="Warmup"/> requests, then <see cref="Samples"/> timed ones.</summary>
    private static Task<Percentiles> MeasureAsync(Func<int, Func<Task<HttpResponseMessage>>> request, CancellationToken cancellationToken) =>
        Percentiles.OfAsync(Warmup, Samples, i => async () => (await request(i)()).Dispose(), cancellationToken);

    private static Func<Task<HttpResponseMessage>> Get(HttpClient http, string path, string? user) => () => SendAsync(http, HttpMethod.Get, path, user, null);

    /// <summary>The answer, read to its end; any answer that is not 2xx throws with its status and body.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, string? user, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add(CallerIdentity.DevelopmentUserHeader, user);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }

        return response;
    }
}
