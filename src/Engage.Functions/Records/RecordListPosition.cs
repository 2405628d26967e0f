using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Engage.Functions.Http;

namespace Engage.Functions.Records;

/// <summary>
/// Where a page of a record list stopped: the keys of the last row it read. It travels as a base64url token of
/// Engage's own, not the table service's continuation token, which callers could not be told apart from garbage
/// (see <c>RunListPosition</c>), and which could not stop in the middle of a page the list filtered by visibility.
/// Every value is checked before it reaches a filter.
/// </summary>
public sealed record RecordListPosition(
    [property: JsonPropertyName("p")] string PartitionKey,
    [property: JsonPropertyName("r")] string RowKey)
{
    private const int MaxTokenLength = 512;
    private const string StartOver = " Pass the continuation of the previous page unchanged, or leave it out to list from the start.";

    public string Encode() => OpaqueToken.Encode(this);

    /// <param name="idKind">The <see cref="RecordId"/> kind of the listed records' ids.</param>
    /// <param name="rowKind">The kind their row keys start with (<c>task|</c>).</param>
    /// <param name="customerId">The customer the list is of, or null for a list across customers.</param>
    public static bool TryDecode(string token, string idKind, string rowKind, string? customerId, [NotNullWhen(true)] out RecordListPosition? position, out string error)
    {
        position = null;
        var problem = OpaqueToken.TryDecode<RecordListPosition>(token, MaxTokenLength, out var decoded);
        error = problem switch
        {
            OpaqueToken.Problem.TooLong => $"continuation is longer than any token this list hands out ({token.Length} characters).{StartOver}",
            OpaqueToken.Problem.NotBase64Url => $"continuation is not base64url, so not a token this list handed out.{StartOver}",
            _ when decoded is not { PartitionKey: not null, RowKey: not null }
                || !decoded.RowKey.StartsWith(rowKind + "|", StringComparison.Ordinal)
                || !RecordId.TryGetCustomer(idKind, decoded.RowKey[(rowKind.Length + 1)..], out var owner)
                || owner != decoded.PartitionKey => $"continuation is not a position in this list.{StartOver}",
            _ when customerId is not null && decoded.PartitionKey != customerId => $"continuation belongs to the list of another customer, not {customerId}.{StartOver}",
            _ => string.Empty,
        };
        if (error.Length > 0)
        {
            return false;
        }

        position = decoded!;
        return true;
    }
}
