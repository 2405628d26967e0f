using System.Text;
using Engage.Functions.Tests.Workflows;
using Engage.Functions.Tests.Workflows.Customers;

namespace Engage.Functions.Tests.Faults;

/// <summary>
/// The customer the customer and context routes are probed on, made through its route by the development admin,
/// with an active execution (so even a delete that got through would be refused), and a domain no customer has.
/// </summary>
public sealed record CustomerValues(string CustomerId, string Name, string Domain, string ExecutionId, string FreeDomain)
{
    /// <summary>The read routes to call once before the matrix, so that what they create on first use exists.</summary>
    public IEnumerable<string> WarmUpPaths =>
    [
        "/api/customers",
        $"/api/customers/{CustomerId}",
        $"/api/customers/{CustomerId}/events",
        $"/api/workflows/context?customerId={CustomerId}",
        $"/api/workflows/context?workflowExecutionId={ExecutionId}",
    ];

    public static async Task<CustomerValues> SeedAsync(AppOnAzuriteFactory app)
    {
        var seeded = new SeededRecords(app);
        var customer = await seeded.CustomerAsync(null);
        var execution = await seeded.ExecutionAsync(customer);
        return new CustomerValues(customer.Id, customer.Name, customer.Domain, execution.Id, CustomersApp.NewDomain());
    }
}

/// <summary>
/// The matrix's rows for the customer routes (list, read, create, patch, delete, events, import as JSON and as CSV)
/// and the customer context. A create or patch refuses a body with any field wrong; its text fields take most
/// hostile texts as they are, so those bodies would write and are not sent. An import reads each row on its own and
/// reports one it cannot import in its 200 answer, so a bad row may be answered 2xx, but must write nothing.
/// </summary>
public static class CustomerRoutes
{
    private static readonly Exclusion RowReported =
        new("each row stands alone: one that cannot be imported is reported in the 200 answer's failed list, and nothing is written");

    public static IEnumerable<Probe> All(CustomerValues known)
    {
        var list = new RouteRequest("GET", "/api/customers");
        var get = Record("GET", "/api/customers/{id}", known.CustomerId);
        var events = Record("GET", "/api/customers/{id}/events", known.CustomerId);
        var delete = Record("DELETE", "/api/customers/{id}", known.CustomerId);

        var createFields = new Dictionary<string, string> { ["name"] = "Made by the matrix", ["domain"] = known.FreeDomain };
        var create = new RouteRequest("POST", "/api/customers") { Body = new("valid", Hostile.Object(createFields)) };

        // The customer's own name and domain: a patch that changes nothing writes nothing.
        var unchanged = new Dictionary<string, string> { ["name"] = known.Name, ["domain"] = known.Domain };
        var patch = Record("PATCH", "/api/customers/{id}", known.CustomerId) with { Body = new("valid", Hostile.Object(unchanged)) };

        var import = new RouteRequest("POST", "/api/customers/import") { Body = new("valid", CustomerBodies.Rows(Hostile.Object(createFields))) };
        var byCustomer = new RouteRequest("GET", "/api/workflows/context") { QueryValues = [("customerId", known.CustomerId)] };
        var byExecution = new RouteRequest("GET", "/api/workflows/context") { QueryValues = [("workflowExecutionId", known.ExecutionId)] };

        return
        [
            .. list.Query("owner", Hostile.Texts, WorkflowRecordRoutes.UserFilter(254, "no customer is owned by this one")),
            .. list.Query("accountPlan", Hostile.TextsAnd(("no such plan", "platinum")), BadInputRoutes.EmptyIsAbsent),
            .. list.Query("renewalStage", Hostile.TextsAnd(("no such stage", "someday")), BadInputRoutes.EmptyIsAbsent),
            .. list.Query("limit", Hostile.Numbers(200), BadInputRoutes.EmptyIsAbsent),
            .. list.Query("continuation", BadInputRoutes.Tokens, BadInputRoutes.EmptyIsAbsent),
            .. new[] { get, patch, delete, events }.SelectMany(route => route.Path("id", CustomerIds(known.CustomerId, known.ExecutionId), BadInputRoutes.Segment)),
            .. events.Query("limit", Hostile.Numbers(1000), BadInputRoutes.EmptyIsAbsent),
            .. events.Query(
                "continuation",
                [.. BadInputRoutes.Tokens, HostileText.Of("position of another shape", "1|2|3"), HostileText.Of("position with a quote", $"{new string('0', 19)}|cu_x'y|00000001")],
                BadInputRoutes.EmptyIsAbsent),
            .. create.Bodies(Hostile.Objects(createFields, ["name", "domain"]), WorkflowRecordRoutes.FreeText("name", 200, "create a customer")),
            .. Send(create, CustomerBodies.Fields(createFields), Taken("create a customer")),
            .. create.Bodies(CustomerBodies.StrangeMembers(createFields)),
            .. create.Bodies([new HostileBody("domain of another customer", Hostile.Object(new Dictionary<string, string>(createFields) { ["domain"] = known.Domain }))]),
            .. patch.Bodies(Hostile.Objects(unchanged, []), WorkflowRecordRoutes.FreeText("name", 200, "rename the customer")),
            .. Send(patch, CustomerBodies.Fields(unchanged), Taken("change the customer")),
            .. patch.Bodies(CustomerBodies.StrangeMembers(unchanged)),
            .. new[] { patch, delete }.SelectMany(route => route.Header("If-Match", IfMatches)),
            .. import.Bodies(Hostile.Bodies(Encoding.UTF8.GetString(import.Body!.Bytes))),
            .. import.Bodies(
            [
                .. new[] { Encoding.UTF8.GetString(Hostile.Object(createFields)), "\"acmecorp.com\"", "42", "true", "null" }
                    .Select(root => new HostileBody($"root {root}", Encoding.UTF8.GetBytes(root))),
                new("5,001 rows", Encoding.ASCII.GetBytes("[" + string.Join(',', Enumerable.Repeat("{}", 5_001)) + "]")),
            ]),
            .. import.Bodies(
                new[] { "42", "\"acmecorp.com\"", "null", "[]", "true", "{}" }.Select(row => new HostileBody($"row {row}", Encoding.UTF8.GetBytes($"[{row}]"))),
                _ => RowReported),
            .. Send(import, CustomerBodies.Fields(createFields, everyField: true, wrap: CustomerBodies.Rows), Taken("import a customer", RowReported)),
            .. import.Bodies(CustomerBodies.StrangeMembers(createFields, CustomerBodies.Rows), _ => RowReported),
            .. import.Bodies(CustomerBodies.CsvWholes(createFields)),
            .. Send(import, CustomerBodies.CsvRows(createFields), Taken("import a customer", RowReported)),
            .. byCustomer.Query("customerId", CustomerIds(known.CustomerId, known.ExecutionId)),
            .. byCustomer.Query("workflowExecutionId", [HostileText.Of("the execution as well", known.ExecutionId)]),
            .. byExecution.Query("customerId", [HostileText.Of("the customer as well", known.CustomerId)]),
            .. byExecution.Query("workflowExecutionId", ExecutionRoutes.ExecutionIds(known.ExecutionId)),
        ];
    }

    /// <summary>Tags of no version of the customer, whose version is 1.</summary>
    private static IReadOnlyList<HostileText> IfMatches { get; } =
        Hostile.TextsAnd(("an older version", "\"0\""), ("the version unquoted", "1"), ("a weak tag of the version", "W/\"1\""));

    private static RouteRequest Record(string method, string template, string id) =>
        new(method, template) { PathValues = new Dictionary<string, string> { ["id"] = id } };

    /// <summary>Every hostile text, and ids that are well formed but of another kind (<paramref name="executionId"/>'s) or of no customer.</summary>
    internal static IReadOnlyList<HostileText> CustomerIds(string customerId, string executionId) =>
        Hostile.TextsAnd(
            ("id of an execution", executionId),
            ("id of no customer", "cu_" + new string('0', 16)),
            ("id one digit short", customerId[..^1]),
            ("id one digit too many", customerId + "0"),
            ("id in upper case", customerId.ToUpperInvariant()));

    internal static IEnumerable<Probe> Send(RouteRequest route, IEnumerable<TakenBody> bodies, Func<TakenBody, Exclusion?> excluded) =>
        bodies.SelectMany(b => route.Bodies([b.Body], _ => excluded(b)));

    /// <summary>A body the route takes would <paramref name="writes"/>, so it is not sent; the others get <paramref name="refused"/>.</summary>
    internal static Func<TakenBody, Exclusion?> Taken(string writes, Exclusion? refused = null) =>
        body => body.Taken ? new Exclusion($"the value is one the field takes, so the request is valid and would {writes}", Sent: false) : refused;
}
