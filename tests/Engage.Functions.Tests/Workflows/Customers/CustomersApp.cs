using System.Net;
using System.Text.Json.Nodes;
using Engage.Functions.Engagement.Meetings;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Tests.Workflows.Customers;

/// <summary>
/// One app for a test class, on the test run's Azurite, with a scripted meeting source (a domain it is not told
/// about has no meetings). Tests make their own customers, with unique domains and owners.
/// </summary>
public sealed class CustomersApp : IAsyncLifetime
{
    private WorkflowsAppFactory? _factory;

    public ScriptedMeetingSource Meetings { get; } = new();

    public WorkflowsAppFactory Factory => _factory ?? throw new InvalidOperationException("The app is not started.");

    /// <summary>The development admin (no user header).</summary>
    public WorkflowsClient Admin => new(Factory.CreateClient());

    public static string NewDomain() => "c" + Guid.NewGuid().ToString("N")[..12] + ".example";

    public WorkflowsClient As(string user, params string[] roles) => new(Factory.CreateClient(), user, roles);

    public T Service<T>()
        where T : notnull => Factory.Services.GetRequiredService<T>();

    /// <summary>Creates a customer as <paramref name="client"/> and answers its JSON.</summary>
    public static async Task<JsonObject> CreateAsync(WorkflowsClient client, JsonObject fields)
    {
        using var created = await client.PostAsync("/api/customers", fields);
        Assert.True(created.Status == HttpStatusCode.Created, $"{(int)created.Status}: {created.Body?.ToJsonString()}");
        return created.Json;
    }

    /// <summary>A customer's fields; without <paramref name="owner"/> the field is left out (null would ask for no owner).</summary>
    public static JsonObject Fields(string domain, string? owner = null, int health = 80, double arr = 150_000, string? renewal = null)
    {
        var fields = new JsonObject
        {
            ["name"] = "Customer " + domain,
            ["domain"] = domain,
            ["industry"] = "Software",
            ["arr"] = arr,
            ["previousArr"] = 120_000,
            ["healthScore"] = health,
            ["renewalDate"] = renewal ?? InDays(45),
            ["accountTeam"] = new JsonObject { ["csm"] = "Maya Chen", ["accountExecutive"] = "Daniel Okafor", ["supportEngineer"] = "Priya Raman" },
            ["usage"] = new JsonObject { ["activeUsers"] = 120, ["utilization"] = 0.6 },
            ["supportTickets"] = 4,
            ["lastQbrDate"] = InDays(-30),
        };
        if (owner is not null)
        {
            fields["owner"] = owner;
        }

        return fields;
    }

    /// <summary>A date <paramref name="days"/> from today (UTC), as the API writes dates.</summary>
    public static string InDays(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        _factory = new WorkflowsAppFactory(await AzuriteServer.SharedAsync())
        {
            ServiceChanges = services => services.Replace(ServiceDescriptor.Singleton<IMeetingSource>(Meetings)),
        };
        _factory.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        Meetings.ReleaseAll();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }
}
