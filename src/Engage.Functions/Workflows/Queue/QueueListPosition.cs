using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Engage.Functions.Http;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Queue;

/// <summary>
/// Where a page of a queue stopped: the queue's partition and the row key of its last entry. It travels as a
/// base64url token of Engage's own rather than the table service's continuation token, whose format differs between
/// Azure and Azurite and which a caller could not be told apart from garbage; every value is checked before it
/// reaches a filter, and a token is only good for the queue it was handed out for.
/// </summary>
public sealed record QueueListPosition(string Partition, string After)
{
    private const int MaxTokenLength = 512;

    private const string StartOver = " Pass the continuation of the previous page unchanged, or leave it out to start from the top of the queue.";

    public string Encode() => OpaqueToken.Encode(this);

    /// <param name="partition">The partition of the queue being read (<see cref="WorkflowQueue.PartitionFor"/>).</param>
    /// <param name="error">Why the token is refused, for the problem's detail.</param>
    public static bool TryDecode(string token, string partition, [NotNullWhen(true)] out string? after, out string error)
    {
        after = null;
        var problem = OpaqueToken.TryDecode<QueueListPosition>(token, MaxTokenLength, out var decoded);
        if (problem != OpaqueToken.Problem.None || decoded is null || !IsEntryKey(decoded.After))
        {
            error = $"continuation is not a token this queue handed out.{StartOver}";
            return false;
        }

        if (decoded.Partition != partition)
        {
            error = $"continuation belongs to another owner's queue.{StartOver}";
            return false;
        }

        after = decoded.After;
        error = string.Empty;
        return true;
    }

    /// <summary>A row key as <see cref="QueueEntry.RowKeyFor"/> writes it: four digits, a bar, an execution id.</summary>
    private static bool IsEntryKey(string? rowKey) =>
        rowKey is { Length: > 5 } && rowKey[4] == '|'
        && int.TryParse(rowKey.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out _)
        && RecordId.TryGetCustomer(RecordId.Execution, rowKey[5..], out _);
}
