using System.Text;
using System.Text.RegularExpressions;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>Turns a spoken sentence into a list item: filler openers off, capitalised, ended, bounded.</summary>
internal static partial class SentenceText
{
    public const int MaxLength = 220;

    private const int MinWords = 4;

    /// <summary>The item, or null when too little is left to say anything.</summary>
    public static string? Tidy(string sentence)
    {
        var text = Whitespace().Replace(sentence, " ").Trim();
        text = FillerOpeners().Replace(text, string.Empty).Trim();
        if (text.Split(' ').Length < MinWords)
        {
            return null;
        }

        if (text.Length > MaxLength)
        {
            var cut = text.LastIndexOf(' ', MaxLength - 1);
            text = text[..(cut > 0 ? cut : MaxLength - 1)].TrimEnd(',', ';', ':', ' ') + "…";
        }
        else if (!text.EndsWith('.') && !text.EndsWith('!'))
        {
            text += ".";
        }

        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    /// <summary>Letters and digits only, lower-cased: two items with the same key say the same thing.</summary>
    public static string Key(string item)
    {
        var key = new StringBuilder(item.Length);
        foreach (var c in item)
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString();
    }

    /// <summary>Items in order, each said once, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<string> Distinct(IEnumerable<string> items, int max)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return [.. items.Where(item => seen.Add(Key(item))).Take(max)];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(?:(?:so|yeah|yes|well|okay|ok|right|look|honestly|frankly|basically|and|but|um|uh|i mean|you know|to be honest)\b[,.]?\s+)+", RegexOptions.IgnoreCase)]
    private static partial Regex FillerOpeners();
}
