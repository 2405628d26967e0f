using System.Security.Cryptography;
using System.Text;

namespace Engage.Functions.Keys;

/// <summary>
/// The configured keys, held only as SHA-256 digests. Comparing fixed-length digests in constant time, and
/// always against every key, keeps the response time from telling which key matched, or how much of one.
/// </summary>
public sealed class FunctionKeyRing
{
    private readonly byte[][] _functionKeys;
    private readonly byte[]? _adminKey;

    public FunctionKeyRing(IEnumerable<string> functionKeys, string? adminKey)
    {
        _functionKeys = [.. functionKeys.Where(k => k.Length > 0).Select(Digest)];
        _adminKey = string.IsNullOrEmpty(adminKey) ? null : Digest(adminKey);
    }

    public bool HasFunctionKeys => _functionKeys.Length > 0;

    public bool HasAdminKey => _adminKey is not null;

    public KeyMatch Match(string presentedKey)
    {
        var presented = Digest(presentedKey);
        var isFunctionKey = false;
        foreach (var key in _functionKeys)
        {
            isFunctionKey |= CryptographicOperations.FixedTimeEquals(presented, key);
        }

        var isAdminKey = _adminKey is not null && CryptographicOperations.FixedTimeEquals(presented, _adminKey);
        return isAdminKey ? KeyMatch.Admin : isFunctionKey ? KeyMatch.Function : KeyMatch.None;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
