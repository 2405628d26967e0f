using System.ClientModel.Primitives;
using System.Globalization;

namespace Engage.Functions.Llm;

/// <summary>
/// The wait a 429 or 503 asks for: <c>retry-after-ms</c> (OpenAI, Azure OpenAI) before <c>Retry-After</c>
/// in seconds or as an HTTP date.
/// </summary>
internal static class RetryAfter
{
    private static readonly string[] MillisecondHeaders = ["retry-after-ms", "x-ms-retry-after-ms"];

    public static TimeSpan? From(PipelineResponseHeaders headers, DateTimeOffset now)
    {
        foreach (var name in MillisecondHeaders)
        {
            if (headers.TryGetValue(name, out var ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        if (!headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return DateTimeOffset.TryParseExact(value.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }
}
