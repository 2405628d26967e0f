using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Engage.Functions.Workflows.Definitions;

/// <summary>
/// SLAs as ISO 8601 durations (<c>P3D</c>, <c>PT4H</c>, <c>PT2S</c>), as the API shows them. Only weeks, days, hours,
/// minutes and seconds: a month or a year has no fixed length, so <c>P1M</c> is refused rather than guessed.
/// </summary>
public static partial class IsoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true } || match.Length == 1 || text!.EndsWith('T'))
        {
            return false;
        }

        try
        {
            duration = TimeSpan.FromDays((7 * Part(match, "w")) + Part(match, "d"))
                + TimeSpan.FromHours(Part(match, "h"))
                + TimeSpan.FromMinutes(Part(match, "m"))
                + TimeSpan.FromSeconds(Part(match, "s"));
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static string Format(TimeSpan duration) => System.Xml.XmlConvert.ToString(duration);

    private static double Part(Match match, string name) =>
        match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(@"^P(?:(?<w>\d{1,4})W)?(?:(?<d>\d{1,5})D)?(?:T(?:(?<h>\d{1,6})H)?(?:(?<m>\d{1,8})M)?(?:(?<s>\d{1,10}(?:\.\d{1,3})?)S)?)?$")]
    private static partial Regex Pattern();
}

/// <summary>Writes and reads an optional <see cref="TimeSpan"/> as an ISO 8601 duration, or null.</summary>
public sealed class IsoDurationJsonConverter : JsonConverter<TimeSpan?>
{
    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null
        : IsoDuration.TryParse(reader.GetString(), out var duration) ? duration
        : throw new JsonException("Expected an ISO 8601 duration such as P3D or PT2S.");

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } duration)
        {
            writer.WriteStringValue(IsoDuration.Format(duration));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
