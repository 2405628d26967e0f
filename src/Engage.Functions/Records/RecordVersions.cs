using System.Globalization;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Records;

/// <summary>
/// HTTP ETags of records: the strong tag <c>"{version}"</c>. A write may carry <c>If-Match</c> with the tag it read
/// (or <c>*</c>); a tag that is not the current one is a 412 before anything is written, and the write itself is
/// conditioned on the version read, so a change in between is a 412 too.
/// </summary>
public static class RecordVersions
{
    public static string ETag(int version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    public static void SetETag(HttpResponse response, CustomerRecord record) => response.Headers.ETag = ETag(record.Version);

    /// <summary>Null when the request's <c>If-Match</c> (if any) names <paramref name="record"/>'s current version; otherwise the 412.</summary>
    public static ProblemHttpResult? CheckIfMatch(HttpRequest request, CustomerRecord record) => CheckIfMatch(request, record.Id, record.Version);

    /// <summary>Null when the request's <c>If-Match</c> (if any) names <paramref name="version"/>; otherwise the 412 naming <paramref name="name"/>.</summary>
    public static ProblemHttpResult? CheckIfMatch(HttpRequest request, string name, int version)
    {
        if (!request.Headers.TryGetValue("If-Match", out var values))
        {
            return null;
        }

        var current = ETag(version);
        foreach (var tag in values.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (tag == "*" || tag == current)
            {
                return null;
            }
        }

        return Problems.Stale(name);
    }
}
