using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;

namespace Engage.Functions.Records;

/// <summary>
/// One state change of a record, written in the same entity-group transaction as the change: what changed
/// (<see cref="Before"/> and <see cref="After"/>, as the API shows the record), why, by whom, when. RowKey =
/// <c>evt|{time ticks}|{record id}|{version}</c>, so a customer's events list in time order, and writing the same
/// event twice (an activity's retry) is a conflict, not a second event.
/// </summary>
public sealed class RecordEvent : ITableEntity
{
    public const string KeyPrefix = "evt|";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Type { get; set; } = string.Empty;

    public string RecordType { get; set; } = string.Empty;

    public string RecordId { get; set; } = string.Empty;

    public int Version { get; set; }

    public string? Before { get; set; }

    public string? After { get; set; }

    public string Reason { get; set; } = string.Empty;

    public string Actor { get; set; } = string.Empty;

    public DateTimeOffset OccurredAt { get; set; }

    public string? TraceId { get; set; }

    public static RecordEvent For(CustomerRecord? before, CustomerRecord? after, RecordChange change)
    {
        var record = after ?? before ?? throw new ArgumentException("An event needs a record before or after the change.");
        var version = after?.Version ?? (before!.Version + 1);
        return new RecordEvent
        {
            PartitionKey = record.PartitionKey,
            RowKey = $"{KeyPrefix}{change.At.UtcTicks:D19}|{record.Id}|{version:D8}",
            Type = change.Type,
            RecordType = record.RecordType,
            RecordId = record.Id,
            Version = version,
            Before = before?.ToJson().ToJsonString(),
            After = after?.ToJson().ToJsonString(),
            Reason = change.Reason,
            Actor = change.Actor,
            OccurredAt = change.At,
            TraceId = change.TraceId,
        };
    }

    public JsonObject ToJson() => new()
    {
        ["id"] = RowKey[KeyPrefix.Length..],
        ["type"] = Type,
        ["recordType"] = RecordType,
        ["recordId"] = RecordId,
        ["version"] = Version,
        ["before"] = Before is null ? null : JsonNode.Parse(Before),
        ["after"] = After is null ? null : JsonNode.Parse(After),
        ["reason"] = Reason,
        ["actor"] = Actor,
        ["occurredAt"] = OccurredAt,
        ["traceId"] = TraceId,
    };
}

/// <summary>What an event says about a change besides the states: its type (<c>task_completed</c>), reason, actor, time and trace.</summary>
public sealed record RecordChange(string Type, string Reason, string Actor, DateTimeOffset At, string? TraceId = null);
