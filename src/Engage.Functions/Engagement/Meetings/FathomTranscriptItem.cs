namespace Engage.Functions.Engagement.Meetings;

/// <summary>One utterance; <see cref="Timestamp"/> is <c>HH:MM:SS</c> from the recording start.</summary>
internal sealed record FathomTranscriptItem(FathomSpeaker? Speaker, string? Text, string? Timestamp);
