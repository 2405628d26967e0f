namespace Engage.Functions.Engagement.Meetings;

/// <summary>The meeting source could not answer; <see cref="Exception.Message"/> says why in words a person can act on.</summary>
public sealed class MeetingSourceException(string message) : Exception(message);
