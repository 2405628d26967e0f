namespace Engage.Functions.Engagement.Meetings;

/// <summary>Where meetings come from: Fathom's API, or the bundled demo dataset when no Fathom key is set.</summary>
public interface IMeetingSource
{
    /// <summary>"fathom" or "fixtures", for provenance and logs.</summary>
    string Name { get; }

    /// <summary>
    /// Meetings created at or after <paramref name="since"/> to which someone from
    /// <paramref name="domain"/> was invited, transcripts included, oldest first.
    /// </summary>
    /// <exception cref="MeetingSourceException">The source failed for good (after its retries); the message is fit to show a person.</exception>
    Task<IReadOnlyList<Meeting>> GetMeetingsAsync(string domain, DateTimeOffset since, CancellationToken cancellationToken);
}
