using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engage.Functions.Tests.Faults;

/// <summary>
/// One hostile value for a text input, in each form a request can carry it: <paramref name="Text"/> for a header
/// (null when no string holds it, as for invalid UTF-8), <paramref name="Url"/> percent-encoded for a path segment or
/// query value, <paramref name="Json"/> as the bytes of a JSON string literal.
/// </summary>
public sealed record HostileText(string Name, string? Text, string Url, byte[] Json)
{
    public static HostileText Of(string name, string text) => new(name, text, Escape(text), JsonLiteral(text));

    /// <summary>Percent-encodes every byte but unreserved ASCII, so no dot segment or separator survives to the router.</summary>
    private static string Escape(string text)
    {
        var url = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'_' or (byte)'~')
            {
                url.Append((char)b);
            }
            else
            {
                url.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return url.ToString();
    }

    /// <summary>A JSON string of the text's UTF-16 code units, escaped by hand: a serializer refuses lone surrogates.</summary>
    private static byte[] JsonLiteral(string text)
    {
        var json = new StringBuilder("\"");
        foreach (var c in text)
        {
            json.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when c < ' ' || c > '~' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return Encoding.ASCII.GetBytes(json.Append('"').ToString());
    }
}

/// <summary>A hostile request body: its bytes, declared type, and whether it is sent without a Content-Length.</summary>
public sealed record HostileBody(string Name, byte[] Bytes, string? ContentType = "application/json", bool Chunked = false);

/// <summary>The generated sets of hostile inputs.</summary>
public static class Hostile
{
    private const int TenMegabytes = 10 * 1024 * 1024;
    private const int Depth = 10_000;

    /// <summary>A domain that looks like acmecorp.com but whose first letter is Cyrillic.</summary>
    public const string HomoglyphDomain = "\u0430cmecorp.com";

    /// <summary>Values hostile to any text input: a domain, an id, a filter, a token.</summary>
    public static IReadOnlyList<HostileText> Texts { get; } =
    [
        HostileText.Of("empty", string.Empty),
        HostileText.Of("whitespace", " \t "),
        HostileText.Of("300 characters", new string('a', 300)),
        HostileText.Of("10,000 characters", new string('a', 10_000)),
        HostileText.Of("NUL", "a\0b"),
        HostileText.Of("literal %00", "a%00b"),
        HostileText.Of("control characters", "a\u0001\u001b\u007fb"),
        HostileText.Of("CRLF header injection", "a\r\nX-Injected: 1"),
        new("lone surrogate", "\ud800", "%ED%A0%80", "\"\\ud800\""u8.ToArray()),
        new("invalid UTF-8", null, "%FF%FE", [(byte)'"', 0xFF, 0xFE, (byte)'"']),
        new("overlong UTF-8 slash", null, "..%C0%AF..", [.. "\".."u8, 0xC0, 0xAF, .. "..\""u8]),
        HostileText.Of("OData injection", "' or 1 eq 1 or '"),
        HostileText.Of("SQL injection", "'; drop table x;--"),
        HostileText.Of("path traversal", "../../etc/passwd"),
        HostileText.Of("encoded path traversal", "%2e%2e%2f%2e%2e%2f"),
        HostileText.Of("homoglyph", HomoglyphDomain),
        HostileText.Of("bidi override", "\u202emoc.procemca"),
        HostileText.Of("operator object", "{\"$ne\":null}"),
    ];

    /// <summary>Values that look like a domain or website address but are none a customer can have.</summary>
    public static IReadOnlyList<HostileText> Domains { get; } =
        TextsAnd(
            ("IPv4 address", "10.0.0.1"),
            ("IPv6 address", "[::1]"),
            ("no top-level domain", "acmecorp"),
            ("numeric top-level domain", "acmecorp.123"),
            ("label starting with a hyphen", "-acme.com"),
            ("empty label", "acme..com"),
            ("64-character label", new string('a', 64) + ".com"),
            ("javascript: URL", "javascript:alert(1)"),
            ("file: URL", "file:///etc/passwd"),
            ("credentials in the URL", "https://user:pass@acmecorp.com"),
            ("port out of range", "acmecorp.com:99999"),
            ("punycode homoglyph", new IdnMapping().GetAscii(HomoglyphDomain)),
            ("Greek homoglyph", "acm\u03b5corp.com"));

    /// <summary>Values for a whole-number parameter whose largest allowed value is <paramref name="max"/>.</summary>
    public static IReadOnlyList<HostileText> Numbers(int max) =>
        TextsAnd(
            ("zero", "0"),
            ("negative", "-1"),
            ("above the maximum", (max + 1).ToString(CultureInfo.InvariantCulture)),
            ("word", "ten"),
            ("fraction", "1.5"),
            ("exponent", "1e3"),
            ("beyond 64 bits", "99999999999999999999"),
            ("hexadecimal", "0x10"),
            ("non-ASCII digit", "\u0663"),
            ("padded", " 5 "),
            ("NaN", "NaN"));

    public static IReadOnlyList<HostileText> Times { get; } =
        TextsAnd(
            ("word", "yesterday"),
            ("month 13", "2026-13-01T00:00:00Z"),
            ("hour 25", "2026-05-01T25:00:00Z"),
            ("before 1601", "1600-12-31T23:59:59Z"),
            ("year 1", "0001-01-01T00:00:00Z"),
            ("Unix seconds", "1714000000"),
            ("offset beyond 14 h", "2026-05-01T00:00:00+25:00"));

    public static IReadOnlyList<HostileText> Flags { get; } =
        TextsAnd(
            ("yes", "yes"),
            ("one", "1"),
            ("on", "on"));

    public static IReadOnlyList<HostileText> RuntimeStatuses { get; } =
        TextsAnd(
            ("unknown status", "Bogus"),
            ("one unknown of two", "Running,Bogus"),
            ("number", "1"),
            ("negative number", "-1"),
            ("semicolon list", "Running;Completed"));

    /// <summary>Every hostile text, then <paramref name="values"/>, which only an input of one kind refuses.</summary>
    public static IReadOnlyList<HostileText> TextsAnd(params (string Name, string Text)[] values) =>
        [.. Texts, .. values.Select(value => HostileText.Of(value.Name, value.Text))];

    /// <summary>Bodies wrong as a whole, whatever JSON the route expects: <paramref name="valid"/> is a body it accepts.</summary>
    public static IEnumerable<HostileBody> Bodies(string valid)
    {
        var json = Encoding.UTF8.GetBytes(valid);
        yield return new("empty", []);
        yield return new("whitespace", " \r\n\t "u8.ToArray());
        yield return new("not JSON", "domain=acmecorp.com"u8.ToArray());
        yield return new("truncated JSON", json[..^1]);
        yield return new("JSON nested 10,000 deep", Encoding.ASCII.GetBytes(new string('[', Depth) + new string(']', Depth)));
        yield return new("JSON opened 10,000 deep", Encoding.ASCII.GetBytes(new string('[', Depth)));
        yield return new("10 MB", TenMegabytesOf((byte)'a'));
        yield return new("10 MB without Content-Length", TenMegabytesOf((byte)'a'), Chunked: true);
        yield return new("invalid UTF-8 bytes", [0xFF, 0xFE, 0xFD]);
        yield return new("UTF-16", Encoding.Unicode.GetBytes(valid), "application/json; charset=utf-16");
        yield return new("raw NUL in a string", [.. "[\"a"u8, 0x00, .. "b\"]"u8]);
        yield return new("raw control character in a string", [.. "[\"a"u8, 0x01, .. "b\"]"u8]);
        yield return new("form under a form type", "domain=acmecorp.com"u8.ToArray(), "application/x-www-form-urlencoded");
        yield return new("multipart under a multipart type", "--b\r\nContent-Disposition: form-data; name=\"domain\"\r\n\r\nacmecorp.com\r\n--b--\r\n"u8.ToArray(), "multipart/form-data; boundary=b");
        yield return new("XML under an XML type", "<domain>acmecorp.com</domain>"u8.ToArray(), "application/xml");
    }

    /// <summary>
    /// Bodies of a route that reads one JSON object: the whole-body set, JSON of another type, the object without
    /// each required field, each field of another JSON type and each field holding every hostile text.
    /// </summary>
    public static IEnumerable<HostileBody> Objects(IReadOnlyDictionary<string, string> valid, IReadOnlyList<string> required)
    {
        foreach (var body in Bodies(Encoding.UTF8.GetString(Object(valid))))
        {
            yield return body;
        }

        foreach (var root in new[] { "[]", "\"acmecorp.com\"", "42", "true", "null" })
        {
            yield return new($"root {root}", Encoding.UTF8.GetBytes(root));
        }

        foreach (var field in required)
        {
            yield return new($"no {field}", Object(valid.Where(f => f.Key != field).ToDictionary()));
        }

        foreach (var field in valid.Keys)
        {
            foreach (var wrong in new[] { "42", "1.5", "true", "null", "[]", "{}", "[\"acmecorp.com\"]", "{\"$ne\":null}" })
            {
                yield return new($"{field} {wrong}", Object(valid, field, Encoding.UTF8.GetBytes(wrong)));
            }

            foreach (var body in FieldTexts(valid, field, field))
            {
                yield return body;
            }
        }
    }

    /// <summary>Bodies whose <paramref name="field"/> holds each hostile text (each hostile domain for a domain), named after <paramref name="label"/>.</summary>
    public static IEnumerable<HostileBody> FieldTexts(IReadOnlyDictionary<string, string> valid, string field, string label) =>
        (field == "domain" ? Domains : Texts).Select(text => new HostileBody($"{label} {text.Name}", Object(valid, field, text.Json)));

    internal static byte[] TenMegabytesOf(byte b)
    {
        var bytes = new byte[TenMegabytes];
        Array.Fill(bytes, b);
        return bytes;
    }

    /// <summary><paramref name="fields"/> as a JSON object of strings.</summary>
    public static byte[] Object(IReadOnlyDictionary<string, string> fields) => Object(fields, null, []);

    /// <summary>
    /// <paramref name="fields"/> as a JSON object, with <paramref name="replaced"/> holding <paramref name="value"/>;
    /// built from bytes, so a value can hold bytes no string can (invalid UTF-8).
    /// </summary>
    private static byte[] Object(IReadOnlyDictionary<string, string> fields, string? replaced, byte[] value)
    {
        var json = new List<byte> { (byte)'{' };
        foreach (var (name, text) in fields)
        {
            if (json.Count > 1)
            {
                json.Add((byte)',');
            }

            json.AddRange(JsonSerializer.SerializeToUtf8Bytes(name));
            json.Add((byte)':');
            json.AddRange(name == replaced ? value : JsonSerializer.SerializeToUtf8Bytes(text));
        }

        json.Add((byte)'}');
        return [.. json];
    }
}
