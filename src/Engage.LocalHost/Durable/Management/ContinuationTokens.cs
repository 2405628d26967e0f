using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Engage.LocalHost.Durable.Management;

/// <summary>
/// The instance list's continuation tokens: the storage provider's own token, sealed with an HMAC under a key the
/// process draws when it starts. The provider hands whatever token it is given to the table service, which answers
/// a foreign one with a storage error or, on Azurite, with a silently empty page; a sealed token is checked here, so
/// only the provider's own tokens reach it. A token is therefore good for the life of the host process.
/// </summary>
public static class ContinuationTokens
{
    // Far above a sealed provider token (two base64 table keys), so a huge header is refused before it is decoded.
    private const int MaxLength = 4096;

    private const int MacLength = HMACSHA256.HashSizeInBytes;

    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(MacLength);

    public static string Seal(string providerToken)
    {
        var token = Encoding.UTF8.GetBytes(providerToken);
        return Base64Url.EncodeToString([.. HMACSHA256.HashData(Key, token), .. token]);
    }

    /// <returns>The provider's token that <paramref name="token"/> seals.</returns>
    /// <exception cref="BadManagementRequestException">The token is not one <see cref="Seal"/> made in this process.</exception>
    public static string Open(string token)
    {
        if (token.Length > MaxLength)
        {
            throw Refused($"is longer than any token this host hands out ({token.Length} characters)");
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            throw Refused("is not base64url");
        }

        if (bytes.Length <= MacLength
            || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(0, MacLength), HMACSHA256.HashData(Key, bytes.AsSpan(MacLength))))
        {
            throw Refused("is not one this host handed out: it was altered, or comes from another host or an earlier run of this one");
        }

        return Encoding.UTF8.GetString(bytes.AsSpan(MacLength));
    }

    private static BadManagementRequestException Refused(string reason) =>
        new($"The {InstanceQueryEndpoints.ContinuationHeader} header {reason}. Send the token of the previous page unchanged, or none to list from the first instance.");
}
