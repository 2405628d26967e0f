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

        try
        {
            var text = content.ToString().TrimStart();
            if (text.StartsWith('{'))
            {
                using var json = JsonDocument.Parse(text);
                if (json.RootElement.TryGetProperty("odata.error", out var odata))
                {
                    var code = odata.TryGetProperty("code", out var c) ? c.GetString() : null;
                    var message = odata.TryGetProperty("message", out var m) && m.TryGetProperty("value", out var v)
                        ? v.GetString()
                        : null;
                    return (code, FirstLine(message));
                }
            }
            else if (text.StartsWith('<'))
            {
                var root = XDocument.Parse(text).Root;
                return (root?.Element("Code")?.Value, FirstLine(root?.Element("Message")?.Value));
            }
        }
        catch (Exception e) when (e is JsonException or System.Xml.XmlException)
        {
        }

        return (null, null);
    }

    /// <summary>The service appends RequestId and Time lines that only add noise.</summary>
    private static string? FirstLine(string? message) =>
        message?.Split('\n', 2)[0].TrimEnd('\r');
}
