using System.Text;
using System.Text.Json;

namespace Engage.Functions.Discovery.Sources;

/// <summary>
/// The text of a LangChain message's <c>content</c>: a string, or an array of content parts whose
/// <c>text</c> parts are joined (the column then yields the array's JSON).
/// </summary>
public static class MessageText
{
    public const int PreviewLength = 160;

    public static string From(string? content)
    {
        if (string.IsNullOrEmpty(content) || content[0] != '[')
        {
            return content ?? string.Empty;
        }

        try
        {
            using var parts = JsonDocument.Parse(content);
            var text = new StringBuilder();
            foreach (var part in parts.RootElement.EnumerateArray())
            {
                if (part.ValueKind == JsonValueKind.String)
                {
                    text.Append(part.GetString()).Append(' ');
                }
                else if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    text.Append(value.GetString()).Append(' ');
                }
            }

            return text.ToString().TrimEnd();
        }
        catch (JsonException)
        {
            // A plain string that happens to start with '['.
            return content;
        }
    }

    /// <summary>One line of at most <see cref="PreviewLength"/> characters, cut at a word where possible.</summary>
    public static string Preview(string? content)
    {
        var text = string.Join(' ', From(content).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length <= PreviewLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', PreviewLength - 1);
        return text[..(cut > PreviewLength / 2 ? cut : PreviewLength - 1)] + "…";
    }
}
