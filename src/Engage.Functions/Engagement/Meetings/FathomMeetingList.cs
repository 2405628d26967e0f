namespace Engage.Functions.Engagement.Meetings;

/// <summary>A page of <c>GET /meetings</c>; a null <see cref="NextCursor"/> marks the last page.</summary>
internal sealed record FathomMeetingList(IReadOnlyList<FathomMeeting>? Items, string? NextCursor);
