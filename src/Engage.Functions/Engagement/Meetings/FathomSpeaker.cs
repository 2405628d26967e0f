namespace Engage.Functions.Engagement.Meetings;

/// <summary>Fathom marks <see cref="MatchedCalendarInviteeEmail"/> "coming soon": often absent, so names are matched too.</summary>
internal sealed record FathomSpeaker(string? DisplayName, string? MatchedCalendarInviteeEmail);
