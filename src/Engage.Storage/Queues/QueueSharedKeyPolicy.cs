using System.Text;
using Azure.Core;
using Engage.Storage.Internal;

namespace Engage.Storage.Queues;

/// <summary>
/// The Blob/Queue SharedKey format: twelve standard header slots, every <c>x-ms-*</c> header
/// canonicalized, and every query parameter in the resource.
/// </summary>
internal sealed class QueueSharedKeyPolicy(StorageSharedKeyCredential credential, TimeProvider timeProvider)
    : SharedKeyPolicy(credential, timeProvider)
{
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
            .OrderBy(h => h.Name, StringComparer.Ordinal))
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
