using System.Globalization;
using System.Net;

namespace Engage.Functions.Engagement;

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
        try
        {
            ascii = Idn.GetAscii(host.TrimEnd('.')).ToLowerInvariant();
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

        domain = ascii;
        error = string.Empty;
        return true;
    }

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
}
