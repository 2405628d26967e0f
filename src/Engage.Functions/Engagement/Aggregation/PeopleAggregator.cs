using Engage.Functions.Engagement.Meetings;

namespace Engage.Functions.Engagement.Aggregation;

/// <summary>
/// The customer's people across meetings, deduplicated by email. Talk-time share is the part of
/// all transcript words, across these meetings, that the person spoke; speakers are matched by
/// the transcript's email when it has one, else by invitee name.
/// </summary>
public static class PeopleAggregator
{
    public static IReadOnlyList<PersonSummary> Aggregate(string domain, IReadOnlyList<Meeting> meetings)
    {
        var people = new Dictionary<string, Attendance>(StringComparer.OrdinalIgnoreCase);
        long totalWords = 0;
        foreach (var meeting in meetings)
        {
            var byName = new Dictionary<string, Attendance>(StringComparer.OrdinalIgnoreCase);
            foreach (var invitee in meeting.Invitees.Where(i => IsFromDomain(i.Email, domain)))
            {
                var email = invitee.Email!.Trim().ToLowerInvariant();
                if (!people.TryGetValue(email, out var person))
                {
                    person = people[email] = new Attendance(string.IsNullOrWhiteSpace(invitee.Name) ? email : invitee.Name.Trim(), meeting.StartedAt);
                }

                person.Attend(meeting);
                byName.TryAdd(person.Name, person);
            }

            foreach (var line in meeting.Transcript)
            {
                var words = line.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
                totalWords += words;
                var speaker = line.SpeakerEmail is { } email && people.TryGetValue(email.Trim(), out var byEmail) ? byEmail : byName.GetValueOrDefault(line.Speaker.Trim());
                speaker?.Speak(words);
            }
        }

        return people
            .Select(p => new PersonSummary(
                p.Value.Name,
                p.Key,
                p.Value.Meetings.Count,
                p.Value.FirstSeen,
                p.Value.LastSeen,
                totalWords == 0 ? 0 : Math.Round((double)p.Value.Words / totalWords, 3),
                [.. p.Value.Meetings.Order()]))
            .OrderByDescending(p => p.MeetingsAttended)
            .ThenByDescending(p => p.TalkTimeShare)
            .ThenBy(p => p.Email, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>True for addresses at the domain or one of its subdomains; a bare host is not an address.</summary>
    public static bool IsFromDomain(string? email, string domain) =>
        email?.Contains('@') == true && EmailDomain.IsWithin(email, domain);

    private sealed class Attendance(string name, DateTimeOffset firstSeen)
    {
        public string Name { get; } = name;

        public HashSet<long> Meetings { get; } = [];

        public DateTimeOffset FirstSeen { get; private set; } = firstSeen;

        public DateTimeOffset LastSeen { get; private set; } = firstSeen;

        public long Words { get; private set; }

        public void Attend(Meeting meeting)
        {
            Meetings.Add(meeting.RecordingId);
            FirstSeen = meeting.StartedAt < FirstSeen ? meeting.StartedAt : FirstSeen;
            LastSeen = meeting.StartedAt > LastSeen ? meeting.StartedAt : LastSeen;
        }

        public void Speak(int words) => Words += words;
    }
}
