namespace Engage.Functions.Engagement.Meetings;

internal sealed record FathomInvitee(string? Name, string? Email, string? EmailDomain, bool IsExternal);
