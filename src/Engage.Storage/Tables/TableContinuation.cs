using Azure;

namespace Engage.Storage.Tables;

/// <summary>
/// The continuation token of an entity query: the service's NextPartitionKey and NextRowKey
/// joined by a space. Both are opaque service tokens without spaces.
/// </summary>
internal static class TableContinuation
{
    public static string? From(Response response)
    {
        if (!response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var partitionKey) || string.IsNullOrEmpty(partitionKey))
        {
            return null;
        }

        return response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var rowKey) && !string.IsNullOrEmpty(rowKey)
            ? partitionKey + " " + rowKey
            : partitionKey;
    }

    public static bool TryParse(string? token, out string partitionKey, out string? rowKey)
    {
        partitionKey = string.Empty;
        rowKey = null;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var space = token.IndexOf(' ', StringComparison.Ordinal);
        partitionKey = space < 0 ? token : token[..space];
        rowKey = space < 0 ? null : token[(space + 1)..];
        return true;
    }
}
