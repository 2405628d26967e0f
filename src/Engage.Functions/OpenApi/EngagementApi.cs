using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using static Engage.Functions.OpenApi.Schemas;

namespace Engage.Functions.OpenApi;

/// <summary>The engagement API (docs/engagement-api.md): start a run, poll it, the latest summary, the run history.</summary>
internal static class EngagementApi
{
    public static void Add(ApiBuilder api)
    {
        var domain = String("A bare domain or a website URL; normalised (scheme, path, port, www., case, IDN to punycode).", maxLength: 2048);
        var run = api.Schema("EngagementRun", Record(
            "A run in the legacy snake_case shape.",
            ("domain", String("The normalised domain.")),
            ("run_id", String("A version 7 UUID, also the orchestration's instance id.", "uuid")),
            ("status", Enum("processing", "complete", "error")),
            ("summary", Nullable(api.Schema("EngagementSummary", Summary()))),
            ("error", Text("Why the run failed, for status error.")),
            ("created_at", DateTime()),
            ("updated_at", DateTime()),
            ("progress", Text("Where a processing run is, such as \"analyzed 4 of 12\", updated in about ten steps."))));

        api.Operation(HttpMethod.Post, "engagement-summary", "StartEngagementSummary", AuthorizationLevel.Function, Tags.Engagement, "Start an engagement run for a domain")
            .Idempotent()
            .Body(Object(null, ["domain"], ("domain", domain)), new JsonObject { ["domain"] = "acmecorp.com" }, "At most 16 KiB.")
            .Answers(
                202,
                "The run started (or, for a repeated Idempotency-Key, the same run); poll engagement-status or the Durable status URL.",
                api.Schema("EngagementRunStarted", Record(
                    "The legacy answer followed by the Durable extension's management payload.",
                    ("ok", Boolean()),
                    ("domain", String()),
                    ("run_id", String(format: "uuid")),
                    ("status", Enum("processing")),
                    ("id", String("The orchestration's instance id: the run id.")),
                    ("statusQueryGetUri", String(format: "uri")),
                    ("sendEventPostUri", Link()),
                    ("terminatePostUri", Link()),
                    ("rewindPostUri", Link()),
                    ("purgeHistoryDeleteUri", Link()),
                    ("restartPostUri", Link()),
                    ("suspendPostUri", Link()),
                    ("resumePostUri", Link()))),
                headers: ["Location", "Retry-After"])
            .Problem(400, "The body is not a JSON object with a domain, or the domain is not a hostname with a top-level domain.")
            .Problem(413, "The body is over 16 KiB.")
            .Problem(422, "The Idempotency-Key was used with another body.");

        api.Operation(HttpMethod.Get, "engagement-status", "GetEngagementStatus", AuthorizationLevel.Function, Tags.Engagement, "Poll a run (legacy array shape)")
            .Query("domain", domain, "The run's domain.", required: true)
            .Query("run_id", String(format: "uuid"), "The run id the start answered.", required: true)
            .Answers(200, "The run as a one-element array, or an empty array when the domain has no such run.", Array(run))
            .Problem(400, "domain or run_id is missing or malformed.");

        api.Operation(HttpMethod.Get, "engagement-summary/{domain}/latest", "GetLatestEngagementSummary", AuthorizationLevel.Function, Tags.Engagement, "The latest complete summary of a domain")
            .PathParameter("domain", domain, "The domain, normalised as the start does.")
            .Answers(200, "The latest complete run.", run)
            .Problem(400, "The domain is not valid.")
            .Problem(404, "The domain has no complete summary yet.");

        api.Operation(HttpMethod.Get, "engagement-runs", "ListEngagementRuns", AuthorizationLevel.Admin, Tags.Engagement, "List runs (admin)", "Runs in key order (domain, then run id).")
            .Query("domain", domain, "Only this domain's runs.")
            .Paging(100, 1000)
            .Answers(200, "One page of runs.", api.Page(run), headers: ["x-ms-continuation-token"])
            .Problem(400, "domain, limit or continuation is not valid.");
    }

    /// <summary>A management link of the Durable extension; some hold a placeholder (<c>{eventName}</c>, <c>{text}</c>) to fill in.</summary>
    private static Microsoft.OpenApi.OpenApiSchema Link() => String("A URL of the Durable Functions management API; fill in any {placeholder}.");

    /// <summary>The merged summary (EngagementSummary.cs): lists of at most 10 items, the customer's people and where it came from.</summary>
    private static Microsoft.OpenApi.OpenApiSchema Summary()
    {
        var list = Array(String());
        var meetingIds = Array(Integer());
        return Object(
            "The merged analyses: items deduplicated and ranked, 10 per list.",
            ["meetings_count", "people", "themes", "goals", "challenges", "risks", "recommendations", "provenance"],
            ("meetings_count", Integer(minimum: 0)),
            ("people", Array(Object(
                "An invitee of the customer's domain.",
                ["name", "email", "meetings_attended", "first_seen", "last_seen", "talk_time_share"],
                ("name", String()),
                ("email", String()),
                ("meetings_attended", Integer(minimum: 0)),
                ("first_seen", DateTime()),
                ("last_seen", DateTime()),
                ("talk_time_share", Number("Share of all transcript words, 0 to 1.")),
                ("meeting_ids", Nullable(Array(Integer())))))),
            ("themes", list),
            ("goals", list),
            ("challenges", list),
            ("risks", list),
            ("recommendations", list),
            ("provenance", Object(
                "Where the summary came from.",
                ["generator", "source", "meeting_ids", "meetings_found", "meetings_cap"],
                ("generator", String("The analyzer: the model's name, or heuristic.")),
                ("fallback_reason", Text()),
                ("source", String()),
                ("meeting_ids", meetingIds),
                ("period_from", Nullable(DateTime())),
                ("period_to", Nullable(DateTime())),
                ("meetings_found", Integer(minimum: 0)),
                ("meetings_cap", Integer(minimum: 0)),
                ("meetings", Nullable(Array(Object(
                    "A meeting the summary covers.",
                    ["id", "title", "started_at"],
                    ("id", Integer()),
                    ("title", String()),
                    ("started_at", DateTime()),
                    ("url", Text("The recording's link.")))))))),
            ("item_meetings", Nullable(Map(Array(Array(Integer())), "For each list, the meeting ids each item came from, in the list's order."))));
    }
}
