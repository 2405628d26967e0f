using System.Diagnostics.CodeAnalysis;
using Engage.Functions.Accounts;
using Engage.Functions.Http;

namespace Engage.Functions.Engagement.Runs;

/// <summary>
/// Where a page of the run list stopped: the keys of the last run it held. It travels as a base64url token of
/// Engage's own rather than the table service's continuation token, which callers could not be told apart from
/// garbage: its format differs between Azure and Azurite, and a foreign one is answered with a storage error or,
/// by Azurite, with a silently empty page. Every value is checked before it reaches a filter.
/// </summary>
public sealed record RunListPosition(string Domain, string RunId)
{
    // Far above the JSON of a 253-character domain and a run id, so a huge token is refused before it is decoded.
    private const int MaxTokenLength = 1024;

    private const string StartOver = " Pass the continuation of the previous page unchanged, or leave it out to list from the first run.";

    public string Encode() => OpaqueToken.Encode(this);

    /// <param name="domain">The domain the list is of, or null for every domain.</param>
    /// <param name="error">Why the token is refused, for the problem's detail.</param>
    public static bool TryDecode(string token, string? domain, [NotNullWhen(true)] out RunListPosition? position, out string error)
    {
        position = null;
        var problem = OpaqueToken.TryDecode<RunListPosition>(token, MaxTokenLength, out var decoded);
        if (problem == OpaqueToken.Problem.TooLong)
        {
            error = $"continuation is longer than any token this list hands out ({token.Length} characters).{StartOver}";
            return false;
        }

        if (problem == OpaqueToken.Problem.NotBase64Url)
        {
            error = $"continuation is not base64url, so not a token this list handed out.{StartOver}";
            return false;
        }

        if (decoded is null || !IsRunKey(decoded))
        {
            error = $"continuation is not a position in this list (the domain and run id of the last run a page held).{StartOver}";
            return false;
        }

        if (domain is not null && decoded.Domain != domain)
        {
            error = $"continuation belongs to the list of another domain, not {domain}.{StartOver}";
            return false;
        }

        position = decoded;
        error = string.Empty;
        return true;
    }

    /// <summary>Keys as the run store writes them: a normalised domain and a run id in its canonical form.</summary>
    private static bool IsRunKey(RunListPosition position) =>
        CustomerDomain.TryNormalize(position.Domain, out var normalized, out _) && normalized == position.Domain
        && Guid.TryParseExact(position.RunId, "D", out var runId) && runId.ToString() == position.RunId;
}
