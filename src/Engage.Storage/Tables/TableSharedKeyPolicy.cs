using Azure.Core;
using Engage.Storage.Internal;

namespace Engage.Storage.Tables;

/// <summary>
/// The Table service's SharedKey format: no canonicalized headers, the date slot holds
/// <c>x-ms-date</c>, and only the <c>comp</c> query parameter is signed.
/// </summary>
internal sealed class TableSharedKeyPolicy(StorageSharedKeyCredential credential, TimeProvider timeProvider)
    : SharedKeyPolicy(credential, timeProvider)
{
    internal override string StringToSign(Request request, string date)
    {
        var resource = CanonicalizedPath(request);
        var comp = QueryParameters.Parse(request.Uri.Query).FirstOrDefault(p => p.Name == "comp");
        if (comp.Name is not null)
        {
            resource += "?comp=" + comp.Value;
        }

        return string.Join(
            '\n',
            request.Method.Method.ToUpperInvariant(),
            Header(request, "Content-MD5"),
            Header(request, HttpHeader.Names.ContentType),
            date,
            resource);
    }
}
