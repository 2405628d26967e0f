using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;
using static Engage.Functions.OpenApi.Schemas;

namespace Engage.Functions.OpenApi;

/// <summary>Conversation discovery (docs/discovery.md): the conversation index, a transcript, the webhook, run now and status.</summary>
internal static class DiscoveryApi
{
    public static void Add(ApiBuilder api)
    {
        (string, IOpenApiSchema)[] conversationFields =
        [
            ("client", String()),
            ("crew", String()),
            ("session_id", String()),
            ("message_count", Integer(minimum: 0)),
            ("human_messages", Integer(minimum: 0)),
            ("ai_messages", Integer(minimum: 0)),
            ("first_message_id", Integer()),
            ("last_message_id", Integer()),
            ("first_message_at", Nullable(DateTime("Null when the crew's table has no created_at."))),
            ("last_message_at", Nullable(DateTime())),
            ("last_activity_at", DateTime()),
            ("last_message_type", Text()),
            ("preview", String("The start of the last message.")),
            ("indexed_at", DateTime()),
        ];
        var conversation = api.Schema("Conversation", Record("A conversation as the index holds it.", conversationFields));

        api.Operation(HttpMethod.Get, "conversations", "ListConversations", AuthorizationLevel.Function, Tags.Discovery, "List conversations, newest activity first")
            .Query("client", String(), "Only this client's crews.")
            .Query("crew", String(), "Only crews with this code.")
            .Paging(50, 200)
            .Answers(200, "One page of conversations, from the index only.", api.Page(conversation), headers: ["x-ms-continuation-token"])
            .Problem(400, "limit or continuation is not valid.")
            .Problem(404, "No configured crew matches client and crew.");

        api.Operation(HttpMethod.Get, "conversations/{client}/{crew}/{sessionId}", "GetConversation", AuthorizationLevel.Function, Tags.Discovery, "A conversation with its transcript", "503 when the crew's chat history cannot be read right now.")
            .PathParameter("client", String(), "The crew's client.")
            .PathParameter("crew", String(), "The crew's code.")
            .PathParameter("sessionId", String(), "The session id, a '/' in it sent as %2F; at most 255 characters.")
            .Answers(200, "The conversation and its first 1,000 messages, read from the crew's chat history.", Record(
                "A conversation with its messages.",
                [
                    .. conversationFields,
                    ("messages", Array(Record(
                        "A message of the chat history.",
                        ("id", Integer()),
                        ("type", Text("human or ai, as n8n writes it.")),
                        ("content", String()),
                        ("created_at", Nullable(DateTime()))))),
                    ("messages_truncated", Boolean("true when the conversation has more than 1,000 messages.")),
                ]))
            .Problem(400, "sessionId is over 255 characters.")
            .Problem(404, "No such crew, or the conversation is not in the index (yet).");

        api.Operation(HttpMethod.Post, "webhooks/conversation-complete", "ConversationCompleteWebhook", AuthorizationLevel.Anonymous, Tags.Discovery, "Index one conversation now", "Called by the chat platform when a conversation ends; authenticated by its own shared secret, not a function key.")
            .Header("X-Webhook-Secret", String(), "DISCOVERY_WEBHOOK_SECRET.", required: true)
            .Body(
                Object(null, ["crew_code", "session_id"], ("crew_code", String()), ("session_id", String(maxLength: 255)), ("client_code", String("Needed when several clients have a crew with this code.")))
,
                new JsonObject { ["crew_code"] = "support", ["session_id"] = "5f1c2a" },
                "At most 16 KiB.")
            .Answers(200, "The session is indexed.", Record(
                null,
                ("ok", Boolean()),
                ("client", String()),
                ("crew", String()),
                ("session_id", String()),
                ("result", Enum("created", "updated", "unchanged"))))
            .Problem(400, "The body is not such an object, or crew_code matches several clients' crews.")
            .Problem(401, "X-Webhook-Secret is missing or wrong.")
            .Problem(404, "No configured crew has this crew_code, or the chat history has no such session.");

        api.Operation(HttpMethod.Post, "discovery/run", "RunDiscovery", AuthorizationLevel.Admin, Tags.Discovery, "Run discovery now (admin)", "A run in progress answers 409 with where to follow it.")
            .Answers(202, "The run started in the background; follow it on discovery/status.", Record(null, ("status", Enum("accepted")), ("status_url", String())), headers: ["Location"]);

        var alert = Record(
            "Something to look at.",
            ("code", String()),
            ("severity", Enum("error", "warning")),
            ("crew", Text("The crew's client|crew key, null for the whole run.")),
            ("message", String()));
        api.Operation(HttpMethod.Get, "discovery/status", "GetDiscoveryStatus", AuthorizationLevel.Function, Tags.Discovery, "Discovery's schedule, last run, crews, metrics and alerts")
            .Answers(200, "The status now.", Record(
                null,
                ("status", Enum("ok", "alerting")),
                ("demo", Boolean("true when the SQLite demo crews are in use.")),
                ("running", Boolean()),
                ("schedule", Record(null, ("setting", String()), ("expression", Text()), ("timers_enabled", Boolean()), ("next_run_at", Nullable(DateTime())))),
                ("last_run", Nullable(Record(null, ("started_at", DateTime()), ("duration_ms", Number()), ("trigger", String()), ("crews", Integer()), ("failed_crews", Integer())))),
                ("recent_runs", Array(Record(
                    "A run, oldest first (the last 50).",
                    ("started_at", DateTime()),
                    ("duration_ms", Number()),
                    ("trigger", String()),
                    ("crews", Integer()),
                    ("failed_crews", Integer()),
                    ("sessions", Integer()),
                    ("created", Integer()),
                    ("updated", Integer())))),
                ("metrics", Record(
                    null,
                    ("discovery_duration_ms", Nullable(Number())),
                    ("sessions_scanned", Integer()),
                    ("conversations_created", Integer()),
                    ("conversations_updated", Integer()),
                    ("last_run_at", Nullable(DateTime())),
                    ("consecutive_failures", Integer()),
                    ("error_rate", Number()),
                    ("total_conversations", Integer()),
                    ("average_sessions_per_client", Number()))),
                ("crews", Array(Record(
                    "A crew's state.",
                    ("client", String()),
                    ("crew", String()),
                    ("source", Enum("postgres", "sqlite")),
                    ("table", String()),
                    ("last_run_at", Nullable(DateTime())),
                    ("last_duration_ms", Nullable(Number())),
                    ("last_trigger", Text()),
                    ("sessions_scanned", Nullable(Integer())),
                    ("created", Nullable(Integer())),
                    ("updated", Nullable(Integer())),
                    ("conversations", Integer()),
                    ("cursor", Integer()),
                    ("pending_ids", String()),
                    ("behind", Boolean()),
                    ("consecutive_failures", Integer()),
                    ("last_error", Text()),
                    ("last_failure", Text()),
                    ("last_failure_at", Nullable(DateTime())),
                    ("last_success_at", Nullable(DateTime())),
                    ("error_rate", Number()),
                    ("has_created_at", Nullable(Boolean())),
                    ("session_id_indexed", Nullable(Boolean())),
                    ("alerts", Array(String("An alert's code."))),
                    ("budget_s", Number())))),
                ("refused_crews", Array(Record(null, ("client", String()), ("crew", String()), ("reason", String())))),
                ("alerts", Array(alert))));
    }
}
