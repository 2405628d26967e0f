using System.Text;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Summaries;

namespace Engage.Functions.Engagement.Aggregation;

/// <summary>
/// Cuts a meeting's transcript into excerpts that fit a token budget, at line boundaries, so a
/// long meeting is analysed in parts instead of overflowing the model's context.
/// </summary>
public static class TranscriptChunker
{
    /// <summary>A common rule of thumb for English text with GPT-style tokenizers.</summary>
    private const int CharactersPerToken = 4;

    public static IReadOnlyList<MeetingExcerpt> Chunk(string domain, Meeting meeting, int tokenBudget)
    {
        var budget = Math.Max(200, tokenBudget) * CharactersPerToken;
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var line in meeting.Transcript)
        {
            var text = $"{line.Speaker}: {line.Text}";
            foreach (var piece in Split(text, budget))
            {
                if (current.Length > 0 && current.Length + piece.Length + 1 > budget)
                {
                    parts.Add(current.ToString());
                    current.Clear();
                }

                current.Append(piece).Append('\n');
            }
        }

        if (current.Length > 0 || parts.Count == 0)
        {
            parts.Add(current.ToString());
        }

        var participants = meeting.Invitees
            .Select(i => string.IsNullOrWhiteSpace(i.Name) ? i.Email : $"{i.Name} <{i.Email}>")
            .OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return parts
            .Select((text, i) => new MeetingExcerpt(meeting.RecordingId, meeting.Title, meeting.StartedAt, domain, i + 1, parts.Count, participants, text))
            .ToList();
    }

    /// <summary>A single utterance longer than the budget is split too, so no excerpt ever exceeds it.</summary>
    private static IEnumerable<string> Split(string text, int budget)
    {
        for (var start = 0; start < text.Length; start += budget - 1)
        {
            yield return text.Substring(start, Math.Min(budget - 1, text.Length - start));
        }
    }
}
