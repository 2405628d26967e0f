using System.Text.Json.Nodes;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Index;
using Engage.Functions.Discovery.Sources;
using Engage.Functions.Http;
using Engage.Functions.Keys;

namespace Engage.Functions.Discovery.Api;

/// <summary>The conversation list (from the index only) and one conversation with its transcript (from the source).</summary>
public sealed partial class ConversationEndpoints : IEndpointModule
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const int MaxTranscriptMessages = 1000;

    public void MapEndpoints(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/conversations", ListAsync).WithAuthLevel(AuthorizationLevel.Function);
        routes.MapGet("/api/conversations/{client}/{crew}/{sessionId}", GetAsync).WithAuthLevel(AuthorizationLevel.Function);
    }

    private static async Task<IResult> ListAsync(
        string? client,
        string? crew,
        int? limit,
        string? continuation,
        HttpResponse response,
        CrewCatalog catalog,
        ConversationIndex index,
        CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Problems.Validation($"limit must be from 1 to {MaxLimit}.");
        }

        var crews = catalog.Select(NullIfEmpty(client), NullIfEmpty(crew));
        if (crews.Count == 0 && (!string.IsNullOrEmpty(client) || !string.IsNullOrEmpty(crew)))
        {
            return TypedResults.Problem(detail: "No configured crew matches the client and crew given.", statusCode: StatusCodes.Status404NotFound, title: "Unknown crew.");
        }

        ListPosition? position = null;
        if (!string.IsNullOrEmpty(continuation) && !ListPosition.TryDecode(continuation, crews.Select(c => c.Key).ToHashSet(StringComparer.Ordinal), out position))
        {
            return Problems.Validation("continuation is not a token from this list with the same client and crew; start again without it.");
        }

        var page = crews.Count == 0
            ? new ConversationPage([], null)
            : await index.ListAsync(crews, limit ?? DefaultLimit, position, cancellationToken);
        if (page.Continuation is not null)
        {
            response.Headers["x-ms-continuation-token"] = page.Continuation;
        }

        response.Headers.CacheControl = "no-store";
        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray(page.Items.Select(c => (JsonNode)ConversationJson.ToJson(c)).ToArray()),
            ["continuation"] = page.Continuation,
        });
    }

    private static async Task<IResult> GetAsync(
        string client,
        string crew,
        string sessionId,
        CrewCatalog catalog,
        ConversationIndex index,
        ConversationSources sources,
        ILogger<ConversationEndpoints> logger,
        CancellationToken cancellationToken)
    {
        if (catalog.Find(client, crew) is not { } definition)
        {
            return TypedResults.Problem(detail: $"No crew '{crew}' is configured for client '{client}'.", statusCode: StatusCodes.Status404NotFound, title: "Unknown crew.");
        }

        sessionId = DecodeSlashes(sessionId);
        if (sessionId.Length > 255)
        {
            return Problems.Validation("sessionId is at most 255 characters, as in n8n's table.");
        }

        var conversation = await index.GetAsync(definition, sessionId, cancellationToken);
        if (conversation is null)
        {
            return TypedResults.Problem(
                detail: "This conversation is not in the index (yet): it is indexed by the next discovery run or by the conversation-complete webhook.",
                statusCode: StatusCodes.Status404NotFound,
                title: "Unknown conversation.");
        }

        IReadOnlyList<TranscriptMessage> transcript;
        try
        {
            var source = sources.For(definition);
            var schema = await source.DescribeAsync(cancellationToken);
            transcript = await source.ReadTranscriptAsync(schema, sessionId, MaxTranscriptMessages + 1, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            LogSourceFailed(logger, e, definition.Key);
            return TypedResults.Problem(
                detail: "The crew's chat history could not be read right now; the conversation's metadata is in the list.",
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Chat history unavailable.");
        }

        var json = ConversationJson.ToJson(conversation);
        json["messages"] = new JsonArray(transcript.Take(MaxTranscriptMessages).Select(m => (JsonNode)new JsonObject
        {
            ["id"] = m.Id,
            ["type"] = m.Type,
            ["content"] = m.Content,
            ["created_at"] = m.CreatedAt,
        }).ToArray());
        json["messages_truncated"] = transcript.Count > MaxTranscriptMessages;
        return TypedResults.Json(json);
    }

    /// <summary>
    /// Session ids are free text and may hold '/': sent as %2F, which routing decodes everywhere but in a
    /// path, so it is decoded here (a literal "%2F" in a session id is the one id this cannot address).
    /// </summary>
    private static string DecodeSlashes(string sessionId) =>
        sessionId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript of a conversation of crew {Crew} could not be read")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, string crew);
}
