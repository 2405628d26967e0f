using System.Text.RegularExpressions;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// The spoken sentences of a transcript with the <c>Speaker Name:</c> labels (and any leading timestamp)
/// taken off, plus the words of the speakers' names, which would otherwise surface as "themes".
/// </summary>
internal sealed partial class TranscriptSentences
{
    private TranscriptSentences(IReadOnlyList<string> sentences, IReadOnlySet<string> nameWords)
    {
        Sentences = sentences;
        NameWords = nameWords;
    }

    public IReadOnlyList<string> Sentences { get; }

    /// <summary>Lower-cased words of every speaker label.</summary>
    public IReadOnlySet<string> NameWords { get; }

    public static TranscriptSentences Parse(string transcript)
    {
        var sentences = new List<string>();
        var nameWords = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rawLine in transcript.Split('\n'))
        {
            var line = rawLine.Replace('\u2019', '\'').Trim();
            var labelled = Labelled().Match(line);
            if (labelled.Success)
            {
                foreach (var word in labelled.Groups["speaker"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    nameWords.Add(word.ToLowerInvariant());
                }

                line = labelled.Groups["text"].Value;
            }

            sentences.AddRange(SentenceBreak().Split(line).Select(s => s.Trim()).Where(s => s.Length > 0));
        }

        return new TranscriptSentences(sentences, nameWords);
    }

    // A label is a short run of name-like words; "Note: the problem is..." would pass too, which costs nothing.
    [GeneratedRegex(@"^(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s*[-–]?\s*)?(?<speaker>\p{L}[\p{L}\p{M}'.\-]*(?: [\p{L}\p{M}'.\-]+){0,4}):\s+(?<text>.+)$")]
    private static partial Regex Labelled();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[""'(\p{Lu}\d])")]
    private static partial Regex SentenceBreak();
}
