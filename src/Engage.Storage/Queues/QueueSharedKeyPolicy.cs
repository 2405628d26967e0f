using System.Text;
using Azure.Core;
using Engage.Storage.Internal;

namespace Engage.Storage.Queues;

/// <summary>
/// The Blob/Queue SharedKey format: twelve standard header slots, every <c>x-ms-*</c> header
/// canonicalized, and every query parameter in the resource.
/// </summary>
/// <remarks>
/// Header values are trimmed but inner whitespace is not collapsed, although the REST page says
/// to: Azurite and the official .NET SDK sign the value as sent, so we do too.
/// </remarks>
internal sealed class QueueSharedKeyPolicy(StorageSharedKeyCredential credential, TimeProvider timeProvider)
    : SharedKeyPolicy(credential, timeProvider)
{
    /// <summary>
    /// The service sorts canonical headers with a culture-aware collation, not ordinally (the
    /// official SDK carries a table that mimics it), and Azurite with <c>localeCompare</c>. For the names sent here (fixed <c>x-ms-*</c> names and
    /// <c>x-ms-meta-</c> plus an identifier) they differ from ordinal only in '_', which they
    /// put before digits and letters: ordinal order would sign <c>x-ms-meta-a1</c> before
    /// <c>x-ms-meta-a_1</c> and get 403.
    /// </summary>
    private static readonly Comparer<string> HeaderNameOrder = Comparer<string>.Create((x, y) =>
    {
        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return Weight(x[i]).CompareTo(Weight(y[i]));
            }
        }

        return x.Length.CompareTo(y.Length);

        static int Weight(char c) => c == '_' ? 0 : c;
    });

    internal override string StringToSign(Request request, string date)
    {
        var contentLength = request.Content is not null && request.Content.TryComputeLength(out var length) && length > 0
            ? length.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : string.Empty;

        var text = new StringBuilder()
            .Append(request.Method.Method.ToUpperInvariant()).Append('\n')
            .Append(Header(request, "Content-Encoding")).Append('\n')
            .Append(Header(request, "Content-Language")).Append('\n')
            .Append(contentLength).Append('\n')
            .Append(Header(request, "Content-MD5")).Append('\n')
            .Append(Header(request, HttpHeader.Names.ContentType)).Append('\n')
            .Append('\n') // Date: empty because x-ms-date is sent.
            .Append(Header(request, "If-Modified-Since")).Append('\n')
            .Append(Header(request, "If-Match")).Append('\n')
            .Append(Header(request, "If-None-Match")).Append('\n')
            .Append(Header(request, "If-Unmodified-Since")).Append('\n')
            .Append(Header(request, "Range")).Append('\n');

        foreach (var header in request.Headers
            .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
            .OrderBy(h => h.Name, HeaderNameOrder))
        {
            text.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        text.Append(CanonicalizedPath(request));
        foreach (var parameter in QueryParameters.Parse(request.Uri.Query)
            .GroupBy(p => p.Name.ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = parameter.Select(p => p.Value).Order(StringComparer.Ordinal);
            text.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(',', values));
        }

        return text.ToString();
    }
}
