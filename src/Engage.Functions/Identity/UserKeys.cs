using System.Security.Cryptography;
using System.Text;

namespace Engage.Functions.Identity;

/// <summary>Table keys for users: user ids are of any shape and compare without case, so a key is a hash of the id in lower case.</summary>
public static class UserKeys
{
    public static string For(string userId) =>
        "u-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId.ToLowerInvariant())))[..32];
}
