using System.Text.Json;

namespace Engage.Functions.Engagement.Meetings;

/// <summary>
/// The bundled demo dataset (DemoData/*.json, embedded, in Fathom's own list shape), served when no Fathom
/// key is set so a fresh clone has meetings to summarise. See docs/meeting-sources.md.
/// </summary>
public sealed class FixtureMeetingSource(TimeProvider time) : IMeetingSource
{
    /// <summary>
    /// The dataset's dates are written as if today were this day. Every query moves them forward by whole
    /// days to today, so the demo never ages out of the look-back window and meetings keep their time of day.
    /// </summary>
    public static readonly DateTimeOffset WrittenAsOf = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<IReadOnlyList<FathomMeeting>> Dataset = new(Load);

    public string Name => "fixtures";

    public Task<IReadOnlyList<Meeting>> GetMeetingsAsync(string domain, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(domain);
        cancellationToken.ThrowIfCancellationRequested();

        var shift = TimeSpan.FromDays((time.GetUtcNow().UtcDateTime.Date - WrittenAsOf.UtcDateTime.Date).Days);
        IReadOnlyList<Meeting> meetings = [.. Dataset.Value
            .Where(meeting => meeting.CreatedAt + shift >= since && FathomMeetingMapper.IsInvited(meeting, domain))
            .Select(meeting => Shift(FathomMeetingMapper.ToMeeting(meeting), shift))
            .OrderBy(meeting => meeting.StartedAt)
            .ThenBy(meeting => meeting.RecordingId)];
        return Task.FromResult(meetings);
    }

    private static Meeting Shift(Meeting meeting, TimeSpan by) =>
        meeting with { StartedAt = meeting.StartedAt + by, EndedAt = meeting.EndedAt + by };

    private static List<FathomMeeting> Load()
    {
        var assembly = typeof(FixtureMeetingSource).Assembly;
        var prefix = $"{typeof(FixtureMeetingSource).Namespace}.DemoData.";
        var resources = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (resources.Count == 0)
        {
            throw new InvalidOperationException($"The demo meetings are missing from {assembly.GetName().Name}; DemoData/*.json must be embedded resources.");
        }

        return [.. resources.SelectMany(name =>
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            return JsonSerializer.Deserialize<FathomMeetingList>(stream, FathomJson.Options)?.Items ?? [];
        })];
    }
}
