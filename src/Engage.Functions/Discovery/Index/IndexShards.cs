using System.Security.Cryptography;
using System.Text;

namespace Engage.Functions.Discovery.Index;

/// <summary>
/// The index is spread over <see cref="Count"/> tables by a hash of the session key. A conversation's two rows
/// always land in the same table and partition (the crew), so they still change in one transaction.
/// One partition per crew would cap a large crew's initial index at a partition's ~2,000 entity writes a
/// second on Azure; on Azurite, where every write scans its partition and every query its table, one
/// 200,000-row partition makes both grow with the crew (see docs/discovery-index-shards.md).
/// </summary>
public static class IndexShards
{
    public const int Count = 16;

    /// <summary>Names the layout in the crew state: a crew indexed under another layout is indexed again.</summary>
    public const string Layout = "shards16";

    /// <summary>Stable across processes and versions: the first byte of the key's SHA-256.</summary>
    public static int Of(string sessionKey) => SHA256.HashData(Encoding.UTF8.GetBytes(sessionKey))[0] % Count;
}
