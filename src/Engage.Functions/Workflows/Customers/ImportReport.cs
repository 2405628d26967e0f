using System.Text.Json.Nodes;

namespace Engage.Functions.Workflows.Customers;

/// <summary>What an import did: customers created, customers updated, and each row that failed with why.</summary>
public sealed record ImportReport(int Created, int Updated, IReadOnlyList<ImportFailure> Failed)
{
    public JsonObject ToJson() => new()
    {
        ["created"] = Created,
        ["updated"] = Updated,
        ["failed"] = new JsonArray([.. Failed.OrderBy(f => f.Row).Select(f => new JsonObject { ["row"] = f.Row, ["domain"] = f.Domain, ["detail"] = f.Detail })]),
    };
}

/// <summary>A row that was not imported: its position, its domain as sent, and why.</summary>
public sealed record ImportFailure(int Row, string? Domain, string Detail);
