using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Azure;

namespace Engage.Storage.Tables;

/// <summary>
/// An entity as a dictionary of property names to values, as in Azure.Data.Tables. The keys
/// live in the dictionary too; <see cref="Timestamp"/> and <see cref="ETag"/> do not.
/// </summary>
public sealed class TableEntity : ITableEntity, IDictionary<string, object?>
{
    private readonly Dictionary<string, object?> _properties = new(StringComparer.Ordinal);

    public TableEntity()
    {
    }

    public TableEntity(string partitionKey, string rowKey)
    {
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public TableEntity(IDictionary<string, object?> values)
    {
        foreach (var (name, value) in values)
        {
            _properties[name] = value;
        }
    }

    public string PartitionKey
    {
        get => GetString(nameof(PartitionKey)) ?? string.Empty;
        set => _properties[nameof(PartitionKey)] = value;
    }

    public string RowKey
    {
        get => GetString(nameof(RowKey)) ?? string.Empty;
        set => _properties[nameof(RowKey)] = value;
    }

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public ICollection<string> Keys => _properties.Keys;

    public ICollection<object?> Values => _properties.Values;

    public int Count => _properties.Count;

    bool ICollection<KeyValuePair<string, object?>>.IsReadOnly => false;

    public object? this[string key]
    {
        get => _properties.TryGetValue(key, out var value) ? value : null;
        set => _properties[key] = value;
    }

    public string? GetString(string key) => (string?)Get(key, typeof(string));

    public bool? GetBoolean(string key) => (bool?)Get(key, typeof(bool));

    public int? GetInt32(string key) => (int?)Get(key, typeof(int));

    public long? GetInt64(string key) => (long?)Get(key, typeof(long));

    public double? GetDouble(string key) => (double?)Get(key, typeof(double));

    public DateTimeOffset? GetDateTimeOffset(string key) => (DateTimeOffset?)Get(key, typeof(DateTimeOffset));

    public DateTime? GetDateTime(string key) => GetDateTimeOffset(key)?.UtcDateTime;

    public Guid? GetGuid(string key) => (Guid?)Get(key, typeof(Guid));

    public byte[]? GetBinary(string key) => (byte[]?)Get(key, typeof(byte[]));

    public void Add(string key, object? value) => _properties.Add(key, value);

    public bool ContainsKey(string key) => _properties.ContainsKey(key);

    public bool Remove(string key) => _properties.Remove(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object? value) => _properties.TryGetValue(key, out value);

    public void Add(KeyValuePair<string, object?> item) => _properties.Add(item.Key, item.Value);

    public void Clear() => _properties.Clear();

    public bool Contains(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_properties).Contains(item);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) =>
        ((ICollection<KeyValuePair<string, object?>>)_properties).CopyTo(array, arrayIndex);

    public bool Remove(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)_properties).Remove(item);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _properties.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private object? Get(string key, Type type)
    {
        if (!_properties.TryGetValue(key, out var value) || value is null)
        {
            return null;
        }

        return EdmValue.TryConvert(value, type, out var converted)
            ? converted
            : throw new InvalidOperationException(
                $"Property '{key}' holds a {value.GetType().Name}, which cannot be read as {type.Name}.");
    }
}
