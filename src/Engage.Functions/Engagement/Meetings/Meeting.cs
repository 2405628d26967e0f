namespace Engage.Functions.Engagement.Meetings;

/// <summary>A recorded meeting as the engagement feature uses it, whatever source it came from.</summary>
public sealed record Meeting(
    long RecordingId,
    string Title,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    IReadOnlyList<MeetingInvitee> Invitees,
    IReadOnlyList<TranscriptLine> Transcript,
    string? Url = null);
