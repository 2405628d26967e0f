namespace Engage.Storage.Tables;

/// <summary>
/// Validation and URL forms of PartitionKey and RowKey values. The service forbids
/// <c>/ \ # ?</c> and control characters in keys; checking here turns a confusing 400 (or a
/// request routed to the wrong URL) into a clear exception naming the key.
/// </summary>
public static class TableKeys
{
    /// <summary>Azurite's limit, lower than Azure's 1 KiB; keys must work on both.</summary>
    public const int MaxLength = 512;

    public static void Validate(string? key, string name)
    {
        if (key is null)
        {
            throw new ArgumentNullException(name, $"{name} is required.");
        }

        if (key.Length > MaxLength)
        {
            throw new ArgumentException($"{name} is {key.Length} characters long; at most {MaxLength} are allowed.", name);
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                var shown = char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
                throw new ArgumentException($"{name} contains {shown}; keys may not contain '/', '\\', '#', '?' or control characters.", name);
            }
        }
    }

    public static void Validate(ITableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        Validate(entity.PartitionKey, nameof(ITableEntity.PartitionKey));
        Validate(entity.RowKey, nameof(ITableEntity.RowKey));
    }

    /// <summary>The OData key segment <c>(PartitionKey='..',RowKey='..')</c>, quoted and percent-encoded.</summary>
    internal static string ToUriSegment(string partitionKey, string rowKey) =>
        $"(PartitionKey='{Escape(partitionKey)}',RowKey='{Escape(rowKey)}')";

    private static string Escape(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));
}
