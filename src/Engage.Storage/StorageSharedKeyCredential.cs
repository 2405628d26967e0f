using System.Security.Cryptography;
using System.Text;

namespace Engage.Storage;

/// <summary>An account name and key that sign requests with the SharedKey scheme.</summary>
public class StorageSharedKeyCredential
{
    private byte[] _accountKey;

    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        AccountName = accountName;
        _accountKey = DecodeKey(accountKey);
    }

    public string AccountName { get; }

    /// <summary>Swaps the key in place, for key rotation without rebuilding clients.</summary>
    public void SetAccountKey(string accountKey) => _accountKey = DecodeKey(accountKey);

    internal string ComputeSignature(string stringToSign)
    {
        var hash = HMACSHA256.HashData(_accountKey, Encoding.UTF8.GetBytes(stringToSign));
        return Convert.ToBase64String(hash);
    }

    private static byte[] DecodeKey(string accountKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountKey);
        try
        {
            return Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            throw new FormatException("The storage account key is not valid Base64.");
        }
    }
}
