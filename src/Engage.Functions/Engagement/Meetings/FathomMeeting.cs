namespace Engage.Functions.Engagement.Meetings;

/// <summary>
/// The fields of Fathom's meeting object that Engage uses (others are ignored). Also the shape of the demo
/// dataset, so one mapper serves both adapters.
/// </summary>
internal sealed record FathomMeeting(
    long RecordingId,
    string? Title,
    string? MeetingTitle,
    string? Url,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScheduledStartTime,
    DateTimeOffset? ScheduledEndTime,
    DateTimeOffset? RecordingStartTime,
    DateTimeOffset? RecordingEndTime,
    IReadOnlyList<FathomInvitee>? CalendarInvitees,
    IReadOnlyList<FathomTranscriptItem>? Transcript);
