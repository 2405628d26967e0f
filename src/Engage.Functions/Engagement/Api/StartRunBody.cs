using System.Text.Json;

namespace Engage.Functions.Engagement.Api;

/// <summary>Reads the start request body by hand, so every way it can be wrong gets its own clear message.</summary>
public static class StartRunBody
{
    /// <summary>A domain fits in a few hundred bytes; anything near this is not a start request.</summary>
    public const int MaxBytes = 16 * 1024;

    public static bool TryReadDomain(ReadOnlySpan<byte> body, out string? domain, out string error)
    {
        domain = null;
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "The request body is empty; send JSON like {\"domain\": \"acmecorp.com\"}.";
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "The request body must be a JSON object like {\"domain\": \"acmecorp.com\"}.";
                return false;
            }

            if (!json.RootElement.TryGetProperty("domain", out var value) || value.ValueKind == JsonValueKind.Null)
            {
                error = "The body has no \"domain\"; send JSON like {\"domain\": \"acmecorp.com\"}.";
                return false;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                error = "\"domain\" must be a string such as \"acmecorp.com\".";
                return false;
            }

            try
            {
                domain = value.GetString();
            }
            catch (InvalidOperationException)
            {
                // Parsing checks the structure only; reading the string is what finds bytes that are no text.
                error = "\"domain\" is not valid text: it holds invalid UTF-8 or an unpaired surrogate escape such as \\ud800.";
                return false;
            }

            error = string.Empty;
            return true;
        }
        catch (JsonException e)
        {
            error = $"The request body is not valid JSON ({e.Message.Split('.')[0]}).";
            return false;
        }
    }
}
