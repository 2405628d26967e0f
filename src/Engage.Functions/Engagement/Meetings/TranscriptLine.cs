namespace Engage.Functions.Engagement.Meetings;

/// <summary>One utterance; <see cref="Timestamp"/> is relative to the recording start.</summary>
public sealed record TranscriptLine(string Speaker, string? SpeakerEmail, string Text, TimeSpan Timestamp);
