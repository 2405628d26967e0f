using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.Engagement.Meetings;

/// <summary>Meeting objects in Fathom's JSON, with a few fields Engage does not know, as Fathom sends them.</summary>
public static class FathomMeetings
{
    public static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static JsonObject Meeting(long id, DateTimeOffset createdAt, JsonObject[] invitees, JsonObject[]? transcript = null) => new()
    {
        ["title"] = $"Meeting {id}",
        ["meeting_title"] = $"Calendar title {id}",
        ["recording_id"] = id,
        ["url"] = $"https://fathom.video/calls/{id}",
        ["share_url"] = $"https://fathom.video/share/s{id}",
        ["created_at"] = createdAt.AddMinutes(45).ToString("O"),
        ["scheduled_start_time"] = createdAt.ToString("O"),
        ["scheduled_end_time"] = createdAt.AddMinutes(45).ToString("O"),
        ["recording_start_time"] = createdAt.AddMinutes(1).ToString("O"),
        ["recording_end_time"] = createdAt.AddMinutes(44).ToString("O"),
        ["calendar_invitees_domains_type"] = "one_or_more_external",
        ["transcript_language"] = "en",
        ["transcript"] = new JsonArray([.. transcript ?? [Line("Maya Chen", "Thanks for joining.", "00:00:02")]]),
        ["default_summary"] = null,
        ["action_items"] = null,
        ["calendar_invitees"] = new JsonArray([.. invitees]),
        ["recorded_by"] = new JsonObject { ["name"] = "Maya Chen", ["email"] = "maya.chen@engage-demo.io", ["email_domain"] = "engage-demo.io", ["team"] = null },
        ["meeting_type"] = "external",
        ["shared_with"] = new JsonArray(),
        ["highlights"] = new JsonArray(new JsonObject { ["text"] = "unknown to Engage" }),
    };

    public static JsonObject Invitee(string? name, string? email, bool isExternal = true) => new()
    {
        ["name"] = name,
        ["email"] = email,
        ["email_domain"] = email?[(email.IndexOf('@') + 1)..],
        ["is_external"] = isExternal,
        ["matched_speaker_display_name"] = null,
    };

    public static JsonObject Line(string displayName, string text, string timestamp, string? matchedEmail = null)
    {
        var speaker = new JsonObject { ["display_name"] = displayName };
        if (matchedEmail is not null)
        {
            speaker["matched_calendar_invitee_email"] = matchedEmail;
        }

        return new JsonObject { ["speaker"] = speaker, ["text"] = text, ["timestamp"] = timestamp };
    }

    public static JsonObject Ours => Invitee("Maya Chen", "maya.chen@engage-demo.io", isExternal: false);

    public static JsonObject Acme => Invitee("Sarah Lindqvist", "sarah.lindqvist@acmecorp.com");

    /// <summary>A meeting with someone from acmecorp.com, <paramref name="daysAgo"/> before <see cref="Now"/>.</summary>
    public static JsonObject AcmeMeeting(long id, int daysAgo) => Meeting(id, Now.AddDays(-daysAgo), [Ours, Acme]);
}
