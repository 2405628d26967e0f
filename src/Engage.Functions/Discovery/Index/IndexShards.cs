using System.Security.Cryptography;
using System.Text;

namespace Engage.Functions.Discovery.Index;

/// <summary>
/// How a crew's index rows are laid out. One table (<see cref="Single"/>, the default) or up to
/// <see cref="Max"/> shard tables picked by a hash of the session key; either way a conversation's two rows
/// share a table and the crew's partition, so they change in one transaction. Shards are for crews of tens
/// of thousands of conversations: one partition takes about 2,000 entity writes a second on Azure, and
/// Azurite scans a partition on every write (see docs/discovery-index-shards.md).
/// </summary>
public static class IndexShards
{
    public const int Single = 1;
    public const int Max = 16;

    /// <summary>Stable across processes and versions: the first byte of the key's SHA-256.</summary>
    public static int Of(string sessionKey, int shards) =>
        shards == Single ? 0 : SHA256.HashData(Encoding.UTF8.GetBytes(sessionKey))[0] % shards;

    /// <summary>The layout's name in the crew state; a crew whose state names another layout is indexed again.</summary>
    public static string Layout(int shards) => shards == Single ? "single" : $"shards{shards}";

    /// <summary>States written before layouts were recorded belong to the single table.</summary>
    public static bool IsLayout(string? recorded, int shards) =>
        (string.IsNullOrEmpty(recorded) ? Layout(Single) : recorded) == Layout(shards);
}
