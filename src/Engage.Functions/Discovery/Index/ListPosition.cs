using Engage.Functions.Http;

namespace Engage.Functions.Discovery.Index;

/// <summary>
/// Where a newest-first listing over several crews stopped: the last activity key served from each crew.
/// Travels as an opaque base64url token; every value is checked before it reaches a filter.
/// </summary>
public sealed class ListPosition
{
    private const int MaxTokenLength = 16_384;

    private readonly Dictionary<string, string> _after;

    public ListPosition(IReadOnlyDictionary<string, string> after) => _after = new Dictionary<string, string>(after, StringComparer.Ordinal);

    /// <summary>The activity key to continue after in a crew's partition; the prefix itself (before every key) when none was served.</summary>
    public string AfterFor(string crewKey) => _after.TryGetValue(crewKey, out var rowKey) ? rowKey : ActivityKey.Prefix;

    public string Encode() => OpaqueToken.Encode(_after);

    /// <summary>False for anything <see cref="Encode"/> could not have made for <paramref name="crewKeys"/>; never throws on what a caller sends.</summary>
    public static bool TryDecode(string token, IReadOnlySet<string> crewKeys, out ListPosition position)
    {
        position = null!;

        // Values typed nullable: the serializer lets a JSON null into a string value whatever its annotation says.
        OpaqueToken.TryDecode<Dictionary<string, string?>>(token, MaxTokenLength, out var after);
        if (after is null || after.Any(p => !crewKeys.Contains(p.Key) || p.Value is null || !ActivityKey.TryReadTime(p.Value, out _)))
        {
            return false;
        }

        position = new ListPosition(after.ToDictionary(p => p.Key, p => p.Value!, StringComparer.Ordinal));
        return true;
    }
}
