using System.Text.Json.Nodes;

namespace Engage.Functions.Workflows.Customers;

/// <summary>One record of an import: its 1-based position (the CSV header not counted), its fields, or why it cannot be read.</summary>
public sealed record ImportRow(int Row, JsonObject? Fields, string? Error = null)
{
    /// <summary>The row's domain as sent, for the report of a row that failed.</summary>
    public string? DomainText => Fields?["domain"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
