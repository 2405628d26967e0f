using System.Text.RegularExpressions;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// Themes as the two- and three-word phrases people keep coming back to. A phrase may not start or end on
/// a stop word or hold a speaker's name ("cost of ownership" counts, "we need to" and "thanks Sarah" do not).
/// </summary>
internal static partial class PhraseThemes
{
    private const int MinOccurrences = 2;

    public static IReadOnlyList<string> Find(TranscriptSentences transcript, int max)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in transcript.Sentences)
        {
            var words = Word().Matches(sentence).Select(m => Normalise(m.Value)).ToArray();
            for (var n = 2; n <= 3; n++)
            {
                for (var i = 0; i + n <= words.Length; i++)
                {
                    var phrase = words.AsSpan(i, n);
                    if (IsCandidate(phrase, transcript.NameWords))
                    {
                        var key = string.Join(' ', phrase);
                        counts[key] = counts.GetValueOrDefault(key) + 1;
                    }
                }
            }
        }

        // Most repeated first; at equal counts the longer, more specific phrase; then alphabetical, so the
        // same transcript always gives the same list.
        var ranked = counts
            .Where(c => c.Value >= MinOccurrences)
            .OrderByDescending(c => c.Value)
            .ThenByDescending(c => c.Key.Count(ch => ch == ' '))
            .ThenBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => c.Key);

        var themes = new List<string>();
        foreach (var phrase in ranked)
        {
            if (themes.Count == max)
            {
                break;
            }

            // "data migration" and "data migration plan" are one theme; the first ranked stands for both.
            if (!themes.Any(t => Overlaps(t, phrase)))
            {
                themes.Add(phrase);
            }
        }

        return [.. themes.Select(t => char.ToUpperInvariant(t[0]) + t[1..])];
    }

    private static bool IsCandidate(ReadOnlySpan<string> phrase, IReadOnlySet<string> nameWords)
    {
        if (IsWeak(phrase[0]) || IsWeak(phrase[^1]))
        {
            return false;
        }

        foreach (var word in phrase)
        {
            if (nameWords.Contains(word) || char.IsDigit(word[0]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsWeak(string word) => word.Length < 3 || StopWords.Contains(word);

    private static bool Overlaps(string chosen, string candidate) =>
        $" {chosen} ".Contains($" {candidate} ", StringComparison.Ordinal)
        || $" {candidate} ".Contains($" {chosen} ", StringComparison.Ordinal);

    private static string Normalise(string word)
    {
        var lower = word.ToLowerInvariant();
        return lower.EndsWith("'s", StringComparison.Ordinal) ? lower[..^2] : lower;
    }

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'\-]*")]
    private static partial Regex Word();
}
