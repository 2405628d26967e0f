using System.Globalization;
using System.Net;

namespace Engage.Functions.Accounts;

/// <summary>
/// A customer's web domain in canonical form: lower case, punycode, no scheme, path, port or
/// <c>www.</c>. The frontend may send a bare domain or the company's website URL.
/// </summary>
public static class CustomerDomain
{
    private const int MaxLength = 253;
    private static readonly IdnMapping Idn = new() { UseStd3AsciiRules = true };

    public static bool TryNormalize(string? input, out string domain, out string error)
    {
        domain = string.Empty;
        var text = input?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            error = "domain is required, e.g. \"acmecorp.com\" or \"https://www.acmecorp.com\".";
            return false;
        }

        if (text.Length > 2048)
        {
            error = "domain is too long to be a hostname or website address.";
            return false;
        }

        // Uri drops bidi controls without a word, so "\u202Emoc.procemca", shown as acmecorp.com, would become moc.procemca.
        if (text.Any(IsInvisible))
        {
            error = "domain contains control or invisible formatting characters (such as a right-to-left override), which no domain has.";
            return false;
        }

        var host = HostOf(text);
        if (host is null)
        {
            error = $"\"{Shorten(text)}\" is not a domain or a website address.";
            return false;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            error = $"\"{Shorten(host)}\" is an IP address; a company domain such as \"acmecorp.com\" is needed.";
            return false;
        }

        string ascii;
        string unicode;
        try
        {
            ascii = Idn.GetAscii(host.TrimEnd('.')).ToLowerInvariant();

            // Decoded again, so a label sent as punycode (xn--...) is judged by the letters it stands for.
            unicode = Idn.GetUnicode(ascii);
        }
        catch (ArgumentException)
        {
            error = $"\"{Shorten(host)}\" is not a valid hostname: it has characters or empty parts a domain cannot have.";
            return false;
        }

        if (ascii.StartsWith("www.", StringComparison.Ordinal))
        {
            ascii = ascii[4..];
        }

        var labels = ascii.Split('.');
        if (labels.Length < 2 || ascii.Length > MaxLength || labels.Any(l => !IsLabel(l)) || labels[^1].All(char.IsAsciiDigit))
        {
            error = $"\"{Shorten(host)}\" is not a hostname with a top-level domain, e.g. \"acmecorp.com\".";
            return false;
        }

        if (unicode.Split('.').FirstOrDefault(MixesLookAlikeScripts) is { } spoof)
        {
            error = $"\"{Shorten(spoof)}\" mixes Latin, Cyrillic or Greek letters in one label, as look-alike (homoglyph) spoofs of a domain do; send the domain as the company spells it.";
            return false;
        }

        domain = ascii;
        error = string.Empty;
        return true;
    }

    /// <summary>Zero-width joiner and non-joiner are exempt: some scripts (Persian, Indic) need them in a name.</summary>
    private static bool IsInvisible(char c) =>
        char.IsControl(c) || (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format && c is not ('\u200C' or '\u200D'));

    /// <summary>
    /// Latin, Cyrillic and Greek share letters that look alike (a/а, e/е/ε, o/о/ο), so a label mixing them spells
    /// another name than it shows. Registries refuse such labels (ICANN's IDN guidelines), so no company's domain
    /// has one; a label in one script (bücher, пример) is not affected.
    /// </summary>
    private static bool MixesLookAlikeScripts(string label) =>
        label.Where(char.IsLetter).Select(ScriptOf).Where(script => script != Script.Other).Distinct().Skip(1).Any();

    private static Script ScriptOf(char c) => c switch
    {
        _ when char.IsAsciiLetter(c) => Script.Latin,
        >= '\u00C0' and <= '\u024F' or >= '\u1E00' and <= '\u1EFF' => Script.Latin,
        >= '\u0370' and <= '\u03FF' or >= '\u1F00' and <= '\u1FFF' => Script.Greek,
        >= '\u0400' and <= '\u052F' => Script.Cyrillic,
        _ => Script.Other,
    };

    private static string? HostOf(string text)
    {
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0
            ? uri.IdnHost.Length > 0 ? Uri.UnescapeDataString(uri.Host) : null
            : null;
    }

    private static bool IsLabel(string label) =>
        label.Length is > 0 and <= 63 && label[0] != '-' && label[^1] != '-' && label.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private enum Script
    {
        Other,
        Latin,
        Greek,
        Cyrillic,
    }
}
