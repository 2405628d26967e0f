namespace Engage.Functions.Engagement.Meetings;

public sealed record MeetingInvitee(string? Name, string? Email, bool IsExternal);
