using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;

namespace Engage.Storage.Tables;

/// <summary>
/// Maps entities to and from their property dictionaries: a <see cref="TableEntity"/> is its own
/// dictionary; a POCO contributes its public read-write properties (the system properties
/// Timestamp and ETag excluded, <see cref="IgnoreDataMemberAttribute"/> honoured).
/// </summary>
internal static class TableEntityMapper
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Cache = new();

    public static IEnumerable<KeyValuePair<string, object?>> ToProperties(ITableEntity entity)
    {
        if (entity is TableEntity dictionary)
        {
            return dictionary;
        }

        return PropertiesOf(entity.GetType()).Select(p => KeyValuePair.Create(p.Name, p.GetValue(entity)));
    }

    public static T FromTableEntity<T>(TableEntity source)
        where T : class, ITableEntity, new()
    {
        if (source is T same)
        {
            return same;
        }

        var target = new T
        {
            PartitionKey = source.PartitionKey,
            RowKey = source.RowKey,
            Timestamp = source.Timestamp,
            ETag = source.ETag,
        };
        foreach (var property in PropertiesOf(typeof(T)))
        {
            if (!source.TryGetValue(property.Name, out var value) || value is null)
            {
                continue;
            }

            if (!EdmValue.TryConvert(value, property.PropertyType, out var converted))
            {
                throw new InvalidOperationException(
                    $"Property '{property.Name}' of {typeof(T).Name} is {property.PropertyType.Name}, but the stored value is a {value.GetType().Name}.");
            }

            property.SetValue(target, converted);
        }

        return target;
    }

    private static PropertyInfo[] PropertiesOf(Type type) => Cache.GetOrAdd(type, static t => t
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.CanWrite && p.GetIndexParameters().Length == 0)
        .Where(p => p.Name is not (nameof(ITableEntity.Timestamp) or nameof(ITableEntity.ETag)))
        .Where(p => p.GetCustomAttribute<IgnoreDataMemberAttribute>() is null)
        .ToArray());
}
