using Engage.Functions.Engagement.Meetings;

namespace Engage.Functions.Tests.Engagement;

/// <summary>Meetings a test decides, per domain; or a failure.</summary>
public sealed class StaticMeetingSource(IReadOnlyDictionary<string, IReadOnlyList<Meeting>> meetings, string? failure = null) : IMeetingSource
{
    public string Name => "static";

    public int Calls { get; private set; }

    public Task<IReadOnlyList<Meeting>> GetMeetingsAsync(string domain, DateTimeOffset since, CancellationToken cancellationToken)
    {
        Calls++;
        return failure is not null
            ? Task.FromException<IReadOnlyList<Meeting>>(new MeetingSourceException(failure))
            : Task.FromResult(meetings.GetValueOrDefault(domain) ?? []);
    }
}
