using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engage.Functions.Commands;

/// <summary>
/// A command's successful answer kept as data (status, JSON body, the headers worth replaying), so an
/// Idempotency-Key can send exactly the same answer again.
/// </summary>
public sealed record CommandAnswer(int StatusCode, JsonNode? Body, IReadOnlyDictionary<string, string>? Headers = null) : IResult
{
    public static CommandAnswer Ok(JsonNode body, string? etag = null) =>
        new(StatusCodes.Status200OK, body, etag is null ? null : new Dictionary<string, string> { ["ETag"] = etag });

    public static CommandAnswer Created(JsonNode body, string location, string? etag = null)
    {
        var headers = new Dictionary<string, string> { ["Location"] = location };
        if (etag is not null)
        {
            headers["ETag"] = etag;
        }

        return new(StatusCodes.Status201Created, body, headers);
    }

    public static CommandAnswer NoContent() => new(StatusCodes.Status204NoContent, null);

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    internal string? HeadersJson => Headers is null ? null : JsonSerializer.Serialize(Headers);

    internal static CommandAnswer Replay(IdempotencyRecord record) => new(
        record.StatusCode,
        record.ResponseBody is null ? null : JsonNode.Parse(record.ResponseBody),
        record.Headers is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(record.Headers));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        foreach (var (name, value) in Headers ?? new Dictionary<string, string>())
        {
            httpContext.Response.Headers[name] = value;
        }

        if (Body is null)
        {
            httpContext.Response.StatusCode = StatusCode;
            return Task.CompletedTask;
        }

        return TypedResults.Json(Body, statusCode: StatusCode).ExecuteAsync(httpContext);
    }
}
