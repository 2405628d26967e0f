using System.Text.Json;
using System.Xml.Linq;
using Azure;
using Azure.Core;

namespace Engage.Storage.Internal;

/// <summary>
/// Reads the error code and message of a failed storage call: the <c>x-ms-error-code</c>
/// header, the Table service's JSON <c>odata.error</c> body, or the Queue service's XML
/// <c>Error</c> body, so <see cref="RequestFailedException.ErrorCode"/> is always filled.
/// </summary>
internal sealed class StorageErrorParser : RequestFailedDetailsParser
{
    public override bool TryParse(Response response, out ResponseError? error, out IDictionary<string, string>? data)
    {
        data = null;
        response.Headers.TryGetValue("x-ms-error-code", out var headerCode);
        var (bodyCode, message) = ReadBody(response);
        var code = headerCode ?? bodyCode;
        error = code is null && message is null ? null : new ResponseError(code, message ?? code);
        return error is not null;
    }

    private static (string? Code, string? Message) ReadBody(Response response)
    {
        var content = response.Content;
        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null);
        }

        var text = content.ToString().TrimStart();
        if (text.StartsWith('{'))
        {
            return TryReadODataError(text, out var code, out var message) ? (code, message) : (null, null);
        }

        if (text.StartsWith('<'))
        {
            try
            {
                var root = XDocument.Parse(text).Root;
                return (root?.Element("Code")?.Value, FirstLine(root?.Element("Message")?.Value));
            }
            catch (System.Xml.XmlException)
            {
            }
        }

        return (null, null);
    }

    /// <summary>
    /// Reads a Table service <c>odata.error</c> body, which also answers failed operations
    /// inside an entity group transaction; false when the body is not one.
    /// </summary>
    internal static bool TryReadODataError(string body, out string? code, out string? message)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("odata.error", out var odata))
            {
                code = odata.TryGetProperty("code", out var c) ? c.GetString() : null;
                message = FirstLine(odata.TryGetProperty("message", out var m) && m.TryGetProperty("value", out var v)
                    ? v.GetString()
                    : null);
                return true;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }

        code = null;
        message = null;
        return false;
    }

    /// <summary>The service appends RequestId and Time lines that only add noise.</summary>
    private static string? FirstLine(string? message) =>
        message?.Split('\n', 2)[0].TrimEnd('\r');
}
