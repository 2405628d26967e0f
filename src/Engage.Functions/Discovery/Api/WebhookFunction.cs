using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Engine;
using Engage.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Discovery.Api;

/// <summary>
/// <c>POST /api/webhooks/conversation-complete</c>: n8n reports a finished conversation and it is indexed at
/// once. n8n holds no function key, so the endpoint is anonymous and checks a shared secret header instead.
/// </summary>
public sealed partial class WebhookFunction(
    DiscoveryOptions options,
    CrewCatalog catalog,
    CrewDiscovery discovery,
    ILogger<WebhookFunction> logger)
{
    [Function("ConversationCompleteWebhook")]
    public async Task<IResult> CompleteAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/conversation-complete")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (options.WebhookSecret is null)
        {
            return TypedResults.Problem(detail: "The webhook is off: set DISCOVERY_WEBHOOK_SECRET to turn it on.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Webhook not configured.");
        }

        if (!SecretMatches(request.Headers[DiscoveryOptions.WebhookSecretHeader].ToString(), options.WebhookSecret))
        {
            return TypedResults.Problem(detail: $"The {DiscoveryOptions.WebhookSecretHeader} header is missing or wrong.", statusCode: StatusCodes.Status401Unauthorized, title: "Not authorised.");
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return Problems.Validation("The body must be a JSON object such as {\"crew_code\": \"support\", \"session_id\": \"...\"}, at most 16 KiB.");
        }

        // No source can hold a NUL in a session id (PostgreSQL text refuses it), so it is the caller's error, not an outage.
        if (string.IsNullOrEmpty(body.SessionId) || body.SessionId.Length > 255 || body.SessionId.Contains('\0', StringComparison.Ordinal) || string.IsNullOrEmpty(body.CrewCode))
        {
            return Problems.Validation("crew_code and session_id are required; session_id is at most 255 characters, none of them NUL.");
        }

        var matches = catalog.Select(string.IsNullOrEmpty(body.ClientCode) ? null : body.ClientCode, body.CrewCode);
        if (matches.Count == 0)
        {
            return TypedResults.Problem(detail: "No configured crew has this crew_code (and client_code).", statusCode: StatusCodes.Status404NotFound, title: "Unknown crew.");
        }

        if (matches.Count > 1)
        {
            return Problems.Validation("Several clients have a crew with this crew_code; add client_code.");
        }

        var crew = matches[0];
        try
        {
            var (found, changes) = await discovery.IndexSessionAsync(crew, body.SessionId, cancellationToken);
            if (!found)
            {
                return TypedResults.Problem(detail: "The crew's chat history has no messages for this session_id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown session.");
            }

            return TypedResults.Json(new JsonObject
            {
                ["ok"] = true,
                ["client"] = crew.Client,
                ["crew"] = crew.Crew,
                ["session_id"] = body.SessionId,
                ["result"] = changes.Created > 0 ? "created" : changes.Updated > 0 ? "updated" : "unchanged",
            });
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, e, crew.Key, CrewFailure.Describe(e, crew));
            return TypedResults.Problem(detail: "The session could not be indexed now; the next discovery run will pick it up.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Indexing failed.");
        }
    }

    /// <summary>Compares hashes in constant time, so response timing tells nothing about the secret.</summary>
    private static bool SecretMatches(string given, string secret) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static async Task<WebhookBody?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var bytes = await RequestBody.ReadAtMostAsync(request, WebhookBody.MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<WebhookBody>(bytes);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook indexing for crew {Crew} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string crew, string reason);
}
