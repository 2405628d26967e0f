using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// The answer to an invocation: <c>Outputs</c> (Engage's functions have no output bindings), <c>Logs</c>, which
/// the host writes under the invocation, and <c>ReturnValue</c>. Only a 2xx completes the invocation; any other
/// status fails it, and a queue trigger then delivers its message again.
/// </summary>
public static class InvocationResult
{
    // The host writes Logs out as they are; keep '+', quotes and non-ASCII readable there.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Completed(params string[] logs) => Answer(StatusCodes.Status200OK, logs);

    /// <summary>The work could not be done now; the host should retry the trigger.</summary>
    public static IResult RetryLater(params string[] logs) => Answer(StatusCodes.Status503ServiceUnavailable, logs);

    public static IResult Failed(params string[] logs) => Answer(StatusCodes.Status500InternalServerError, logs);

    private static IResult Answer(int statusCode, string[] logs)
    {
        var body = new JsonObject
        {
            ["Outputs"] = new JsonObject(),
            ["Logs"] = new JsonArray([.. logs.Select(log => JsonValue.Create(log))]),
            ["ReturnValue"] = null,
        };
        return TypedResults.Text(body.ToJsonString(Readable), "application/json", statusCode: statusCode);
    }
}
