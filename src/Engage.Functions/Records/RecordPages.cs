using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace Engage.Functions.Records;

/// <summary>One page of a record list, and where the next one starts (null after the last).</summary>
public sealed record RecordPage<T>(IReadOnlyList<T> Items, RecordListPosition? Next)
{
    /// <summary>The page as lists answer: <c>{items, continuation}</c>.</summary>
    public JsonObject ToJson(Func<T, JsonNode> item) => new()
    {
        ["items"] = new JsonArray([.. Items.Select(item)]),
        ["continuation"] = Next?.Encode(),
    };
}

/// <summary>
/// Pages of the records of one kind in key order (by customer, then by creation), from a position, keeping those the
/// caller may see. The visibility check runs here, not in the filter, because it can depend on another record (the
/// customer's owner); so a page may need several table pages, and stops where its last kept record was, which only
/// a position token (<see cref="RecordListPosition"/>) can say. A caller who sees little of a large table gets a page
/// with fewer items once <see cref="ScanBudget"/> rows were read, and its continuation to go on from there.
/// </summary>
public static class RecordPages
{
    /// <summary>The rows one list request reads at most when it filters by visibility, so one request stays quick.</summary>
    public const int ScanBudget = 5000;

    /// <summary>The table service's largest page, used when most rows read may be left out.</summary>
    private const int ScanPageSize = 1000;

    /// <param name="filter">The list's conditions, built with <see cref="TableClient.CreateQueryFilter"/>; null for none.</param>
    /// <param name="visible">Whether the caller may see a record; null when every record the filter matches is visible.</param>
    public static async Task<RecordPage<T>> ReadAsync<T>(
        CustomerRecords records,
        string kind,
        string? filter,
        RecordListPosition? after,
        int limit,
        Func<T, CancellationToken, ValueTask<bool>>? visible,
        CancellationToken cancellationToken)
        where T : CustomerRecord, new()
    {
        var query = after is null
            ? filter
            : And(filter, TableClient.CreateQueryFilter($"PartitionKey ge {after.PartitionKey} and (PartitionKey gt {after.PartitionKey} or RowKey gt {after.RowKey})"));
        var items = new List<T>();
        var position = after;
        var scanned = 0;
        string? continuation = null;
        while (true)
        {
            var page = await records.PageAcrossCustomersAsync<T>(kind, query, visible is null ? limit - items.Count : ScanPageSize, continuation, cancellationToken);
            foreach (var record in page.Values)
            {
                scanned++;
                position = new RecordListPosition(record.PartitionKey, record.RowKey);
                if (visible is null || await visible(record, cancellationToken))
                {
                    items.Add(record);
                    if (items.Count == limit)
                    {
                        return new(items, position);
                    }
                }
            }

            continuation = page.ContinuationToken;
            if (continuation is null)
            {
                return new(items, null);
            }

            if (scanned >= ScanBudget)
            {
                return new(items, position);
            }
        }
    }

    /// <summary>Both conditions; either may be null for none.</summary>
    public static string? And(string? first, string? second) =>
        first is null ? second : second is null ? first : $"({first}) and ({second})";
}
