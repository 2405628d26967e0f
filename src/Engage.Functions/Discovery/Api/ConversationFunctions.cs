using System.Text.Json.Nodes;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.Index;
using Engage.Functions.Discovery.Sources;
using Engage.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Discovery.Api;

/// <summary>The conversation list (from the index only) and one conversation with its transcript (from the source).</summary>
public sealed partial class ConversationFunctions(
    CrewCatalog catalog,
    ConversationIndex index,
    ConversationSources sources,
    ILogger<ConversationFunctions> logger)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    private const int MaxTranscriptMessages = 1000;

    [Function("ListConversations")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "conversations")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!QueryParameters.TryReadWholeNumber(request, "limit", DefaultLimit, 1, MaxLimit, out var limit, out var problem))
        {
            return problem!;
        }

        var client = QueryParameters.Text(request, "client");
        var crew = QueryParameters.Text(request, "crew");
        var continuation = QueryParameters.Text(request, "continuation");
        var crews = catalog.Select(client, crew);
        if (crews.Count == 0 && (client is not null || crew is not null))
        {
            return TypedResults.Problem(detail: "No configured crew matches the client and crew given.", statusCode: StatusCodes.Status404NotFound, title: "Unknown crew.");
        }

        ListPosition? position = null;
        if (continuation is not null && !ListPosition.TryDecode(continuation, crews.Select(c => c.Key).ToHashSet(StringComparer.Ordinal), out position))
        {
            return Problems.Validation("continuation is not a token from this list with the same client and crew; start again without it.");
        }

        var page = crews.Count == 0
            ? new ConversationPage([], null)
            : await index.ListAsync(crews, limit, position, cancellationToken);
        var response = request.HttpContext.Response;
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

    [Function("GetConversation")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "conversations/{client}/{crew}/{sessionId}")] HttpRequest request,
        string client,
        string crew,
        string sessionId,
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Transcript of a conversation of crew {Crew} could not be read")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, string crew);
}
