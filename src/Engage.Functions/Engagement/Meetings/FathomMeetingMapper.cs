using System.Globalization;

namespace Engage.Functions.Engagement.Meetings;

/// <summary>Fathom's meeting object to <see cref="Meeting"/>, for both the Fathom and the fixture adapter.</summary>
internal static class FathomMeetingMapper
{
    private const string UnknownSpeaker = "Unknown speaker";

    /// <summary>Fathom's domain filter is a hint; this is the check the contract promises.</summary>
    public static bool IsInvited(FathomMeeting meeting, string domain) =>
        (meeting.CalendarInvitees ?? []).Any(invitee => EmailDomain.IsWithin(invitee.Email ?? invitee.EmailDomain, domain));

    public static Meeting ToMeeting(FathomMeeting meeting)
    {
        var invitees = meeting.CalendarInvitees ?? [];
        var emailsByName = UniqueEmailsByName(invitees);
        var transcript = (meeting.Transcript ?? [])
            .Where(item => !string.IsNullOrWhiteSpace(item.Text))
            .Select(item => ToLine(item, emailsByName))
            .ToList();

        return new Meeting(
            meeting.RecordingId,
            NullIfBlank(meeting.Title) ?? NullIfBlank(meeting.MeetingTitle) ?? $"Meeting {meeting.RecordingId}",
            meeting.RecordingStartTime ?? meeting.ScheduledStartTime ?? meeting.CreatedAt,
            meeting.RecordingEndTime ?? meeting.ScheduledEndTime,
            [.. invitees.Select(invitee => new MeetingInvitee(NullIfBlank(invitee.Name), NullIfBlank(invitee.Email), invitee.IsExternal))],
            transcript,
            NullIfBlank(meeting.Url));
    }

    private static TranscriptLine ToLine(FathomTranscriptItem item, Dictionary<string, string> emailsByName)
    {
        var speaker = NullIfBlank(item.Speaker?.DisplayName) ?? UnknownSpeaker;
        var email = NullIfBlank(item.Speaker?.MatchedCalendarInviteeEmail)
            ?? emailsByName.GetValueOrDefault(speaker);
        return new TranscriptLine(speaker, email, item.Text!.Trim(), ParseTimestamp(item.Timestamp));
    }

    /// <summary>Names shared by two people with different addresses are left out rather than guessed.</summary>
    private static Dictionary<string, string> UniqueEmailsByName(IEnumerable<FathomInvitee> invitees) =>
        invitees
            .Where(invitee => NullIfBlank(invitee.Name) is not null && NullIfBlank(invitee.Email) is not null)
            .GroupBy(invitee => invitee.Name!.Trim(), StringComparer.OrdinalIgnoreCase)
            .Select(group => (Name: group.Key, Emails: group.Select(invitee => invitee.Email!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList()))
            .Where(entry => entry.Emails.Count == 1)
            .ToDictionary(entry => entry.Name, entry => entry.Emails[0], StringComparer.OrdinalIgnoreCase);

    /// <summary><c>HH:MM:SS</c> (also <c>MM:SS</c>, fractional seconds); anything else reads as the start.</summary>
    private static TimeSpan ParseTimestamp(string? value)
    {
        var parts = value?.Split(':');
        if (parts is not { Length: 2 or 3 })
        {
            return TimeSpan.Zero;
        }

        var seconds = 0d;
        foreach (var part in parts)
        {
            if (!double.TryParse(part, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return TimeSpan.Zero;
            }

            seconds = (seconds * 60) + number;
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
