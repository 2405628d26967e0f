using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Engage.Functions.Records;

/// <summary>
/// Ids that say where their record lives. A customer id is <c>cu_</c> and 16 hex digits; everything of a customer
/// (executions, tasks, artifacts, action runs) is <c>{kind}_{customer's 16 hex}_{32 hex}</c>, time-ordered. So a route
/// given any id reads its customer's partition directly, with no lookup table to keep in step (docs/workflow-storage.md).
/// </summary>
public static class RecordId
{
    public const string Customer = "cu";
    public const string Execution = "ex";
    public const string Task = "tk";
    public const string Artifact = "ar";
    public const string ActionRun = "ac";
    public const string ChatThread = "th";

    private const int CustomerHexLength = 16;
    private const int ChildHexLength = 32;

    public static string NewCustomer() => $"{Customer}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(CustomerHexLength / 2))}";

    /// <summary>A new child id of <paramref name="customerId"/>; version 7 GUIDs make a customer's records list in creation order.</summary>
    public static string NewChild(string kind, string customerId, DateTimeOffset now) =>
        $"{kind}_{Hex(customerId)}_{Guid.CreateVersion7(now):N}";

    /// <summary>A child id that is always the same for the same <paramref name="seed"/>, for records made at most once (a planned execution).</summary>
    public static string StableChild(string kind, string customerId, string seed) =>
        $"{kind}_{Hex(customerId)}_{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)))[..ChildHexLength]}";

    public static bool IsCustomer(string? id) => id is { Length: 3 + CustomerHexLength } && id.StartsWith(Customer + "_", StringComparison.Ordinal) && IsHex(id.AsSpan(3));

    /// <summary>The customer of a child id of <paramref name="kind"/>; false for anything else.</summary>
    public static bool TryGetCustomer(string kind, string? id, [NotNullWhen(true)] out string? customerId)
    {
        customerId = null;
        if (id is not { Length: 2 + 1 + CustomerHexLength + 1 + ChildHexLength }
            || !id.StartsWith(kind + "_", StringComparison.Ordinal)
            || id[3 + CustomerHexLength] != '_'
            || !IsHex(id.AsSpan(3, CustomerHexLength))
            || !IsHex(id.AsSpan(4 + CustomerHexLength)))
        {
            return false;
        }

        customerId = $"{Customer}_{id.Substring(3, CustomerHexLength)}";
        return true;
    }

    private static string Hex(string customerId) =>
        IsCustomer(customerId) ? customerId[3..] : throw new ArgumentException($"'{customerId}' is not a customer id.", nameof(customerId));

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
