using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engage.Functions.Tests.Faults;

/// <summary>A body with one input made hostile, and whether the route takes it as valid (so sending it would write).</summary>
public sealed record TakenBody(HostileBody Body, bool Taken);

/// <summary>
/// Customer bodies with one field made hostile: every writable field holding values of its own kind and of every
/// other, as JSON (a create, a patch, an import row) and as a CSV cell. Which values a field takes follows
/// docs/workflow-customers.md: text is trimmed, one line and of a length, and an empty optional text or null
/// clears it; numbers are finite and in range; dates are <c>yyyy-MM-dd</c>; a CSV cell left empty leaves its field out.
/// </summary>
public static class CustomerBodies
{
    private const int TextLength = 200;
    private const int UserIdLength = 254;

    private static readonly string[] NotStrings = ["42", "1.5", "true", "[]", "{}", "[\"acmecorp.com\"]", "{\"$ne\":null}"];

    /// <summary>JSON a number field refuses: other types, numbers out of any range, and literals JSON does not have.</summary>
    private static readonly string[] NotNumbers = ["\"42\"", "true", "[]", "{}", "{\"$ne\":null}", "-1", "1e400", "-1e400", "NaN", "Infinity", "0x10", "01", "+1", ".5"];

    private static readonly IReadOnlyList<HostileText> DateTexts = Hostile.Times.Concat(
    [
        HostileText.Of("month 13", "2026-13-01"),
        HostileText.Of("day 32", "2026-01-32"),
        HostileText.Of("30 February", "2026-02-30"),
        HostileText.Of("year 0", "0000-01-01"),
        HostileText.Of("date and time", "2026-05-01T00:00:00Z"),
        HostileText.Of("slashes", "2026/05/01"),
        HostileText.Of("day first", "01-05-2026"),
        HostileText.Of("no leading zeros", "2026-5-1"),
        HostileText.Of("non-ASCII digits", "\u0662\u0660\u0662\u0666-\u0660\u0665-\u0660\u0661"),
    ]).ToList();

    /// <summary>Every writable field (a member as <c>group.member</c>) with the JSON values it is sent, each marked when the field takes it.</summary>
    private static readonly IReadOnlyList<(string Path, IReadOnlyList<(string Name, byte[] Json, bool Taken)> Values)> JsonFields =
    [
        ("name", TextValues(TextLength, optional: false)),
        ("domain", [.. Hostile.Domains.Select(d => (d.Name, d.Json, false)), .. Refused(NotStrings), ("null", "null"u8.ToArray(), false)]),
        ("industry", TextValues(TextLength, optional: true)),
        ("owner", TextValues(UserIdLength, optional: true)),
        ("accountTeam.csm", TextValues(TextLength, optional: true)),
        ("accountTeam.accountExecutive", TextValues(TextLength, optional: true)),
        ("accountTeam.supportEngineer", TextValues(TextLength, optional: true)),
        ("arr", NumberValues("1000000000001")),
        ("previousArr", NumberValues("1000000000001")),
        ("healthScore", NumberValues("101", "1.5")),
        ("usage.activeUsers", NumberValues("2147483648", "1.5")),
        ("usage.utilization", NumberValues("1.01")),
        ("supportTickets", NumberValues("2147483648", "1.5")),
        ("renewalDate", DateValues()),
        ("lastQbrDate", DateValues()),

        // A group is an object of members or null (which clears them all); {} patches none.
        ("accountTeam", [.. Refused(["42", "\"Maya Chen\"", "[]", "true", "{\"$ne\":null}"]), ("null", "null"u8.ToArray(), true), ("{}", "{}"u8.ToArray(), true)]),
        ("usage", [.. Refused(["42", "\"0.5\"", "[]", "true", "{\"$ne\":null}"]), ("null", "null"u8.ToArray(), true), ("{}", "{}"u8.ToArray(), true)]),
    ];

    /// <summary>Members no customer has, in place of a field or beside the valid ones.</summary>
    private static readonly IReadOnlyList<(string Name, string Member)> Strangers =
    [
        ("read-only id", "\"id\": \"cu_0000000000000000\""),
        ("read-only accountPlan", "\"accountPlan\": \"invest\""),
        ("read-only renewalStage", "\"renewalStage\": \"monitor\""),
        ("read-only version", "\"version\": 1"),
        ("read-only createdAt", "\"createdAt\": \"2026-01-01T00:00:00Z\""),
        ("read-only updatedAt", "\"updatedAt\": \"2026-01-01T00:00:00Z\""),
        ("unknown field", "\"nickname\": \"Acme\""),
        ("field in another case", "\"Industry\": \"Software\""),
        ("field as a dotted path", "\"accountTeam.csm\": \"Maya Chen\""),
        ("prototype key", "\"__proto__\": {\"owner\": \"someone@example.com\"}"),
        ("empty field name", "\"\": 1"),
        ("field name with NUL", "\"na\\u0000me\": \"Acme\""),
        ("field name with a lone surrogate", "\"\\ud800\": \"Acme\""),
        ("unknown member", "\"accountTeam\": {\"manager\": \"Maya Chen\"}"),
        ("name twice", "\"name\": \"Twice\""),
        ("value nested 40 deep", "\"industry\": " + new string('[', 40) + new string(']', 40)),
        ("field over 16 KiB", $"\"industry\": \"{new string('a', 17 * 1024)}\""),
    ];

    /// <summary>
    /// <paramref name="valid"/> with each field it does not set holding each of its values (all fields when
    /// <paramref name="everyField"/>: the valid ones replaced), wrapped as <paramref name="wrap"/> says.
    /// </summary>
    public static IEnumerable<TakenBody> Fields(IReadOnlyDictionary<string, string> valid, bool everyField = false, Func<byte[], byte[]>? wrap = null) =>
        from field in JsonFields
        where everyField || !valid.ContainsKey(field.Path)
        from value in field.Values
        select new TakenBody(new HostileBody($"{field.Path} {value.Name}", (wrap ?? (b => b))(With(valid, field.Path, value.Json))), value.Taken);

    /// <summary><paramref name="valid"/> with a member no customer has, each refused whatever else the body holds.</summary>
    public static IEnumerable<HostileBody> StrangeMembers(IReadOnlyDictionary<string, string> valid, Func<byte[], byte[]>? wrap = null) =>
        Strangers.Select(s => new HostileBody(s.Name, (wrap ?? (b => b))(Plus(valid, Encoding.UTF8.GetBytes(s.Member)))));

    /// <summary>An import of the one row <paramref name="row"/>.</summary>
    public static byte[] Rows(byte[] row) => [(byte)'[', .. row, (byte)']'];

    /// <summary>Imports as CSV (<c>text/csv</c>) that cannot be read as a whole: <paramref name="valid"/>'s columns and one row of them, spoiled.</summary>
    public static IEnumerable<HostileBody> CsvWholes(IReadOnlyDictionary<string, string> valid)
    {
        var (header, row) = (string.Join(',', valid.Keys), string.Join(',', valid.Values.Select(Quoted)));
        foreach (var (name, text) in new (string, string)[]
        {
            ("empty", string.Empty),
            ("whitespace", " \r\n\t "),
            ("JSON array", "[" + Encoding.UTF8.GetString(Hostile.Object(valid)) + "]"),
            ("no domain column", "name\r\nAcme"),
            ("unknown column", $"{header},nickname\r\n{row},Acme"),
            ("column named twice", $"{header},NAME\r\n{row},Acme"),
            ("empty column name", $"{header},\r\n{row},Acme"),
            ("NUL in the header", $"{header},in\0dustry\r\n{row},Software"),
            ("10,000-character column name", $"{header},{new string('a', 10_000)}\r\n{row},Acme"),
            ("quote never closed", $"{header}\r\n\"Acme,acme.example\r\n"),
            ("5,001 rows", header + string.Concat(Enumerable.Repeat("\r\nAcme,a.example", 5_001))),
        })
        {
            yield return CsvBody(name, Encoding.UTF8.GetBytes(text));
        }

        yield return CsvBody("invalid UTF-8 bytes", [.. Encoding.UTF8.GetBytes($"{header}\r\n{row}"), 0xFF, 0xFE]);
        yield return new("CSV UTF-16", Encoding.Unicode.GetBytes($"{header}\r\n{row}"), "text/csv; charset=utf-16");
        yield return CsvBody("10 MB", Hostile.TenMegabytesOf((byte)'a'));
        yield return CsvBody("10 MB without Content-Length", Hostile.TenMegabytesOf((byte)'a')) with { Chunked = true };
    }

    /// <summary>
    /// Imports as CSV of one row that cannot be imported (or, when taken, can): a row of too few or too many cells, and
    /// <paramref name="valid"/>'s columns with one more, each of whose cells makes one body.
    /// </summary>
    public static IEnumerable<TakenBody> CsvRows(IReadOnlyDictionary<string, string> valid)
    {
        var (header, row) = (string.Join(',', valid.Keys), string.Join(',', valid.Values.Select(Quoted)));
        yield return new(CsvBody("row with a cell too few", Encoding.UTF8.GetBytes($"{header}\r\nAcme")), false);
        yield return new(CsvBody("row with a cell too many", Encoding.UTF8.GetBytes($"{header}\r\n{row},Acme")), false);
        foreach (var (column, values, takes) in CsvColumns())
        {
            var columns = valid.Keys.Where(k => k != column).Append(column).ToList();
            foreach (var value in values)
            {
                var cells = columns.Select(c => c == column ? Cell(value) : Encoding.UTF8.GetBytes(Quoted(valid[c])));
                byte[] csv = [.. Encoding.UTF8.GetBytes(string.Join(',', columns) + "\r\n"), .. cells.Aggregate((a, b) => [.. a, (byte)',', .. b])];

                // What the route reads is the UTF-8 sent, in which a lone surrogate is already U+FFFD.
                yield return new(CsvBody($"{column} cell {value.Name}", csv), value.Text is { } text && takes(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text))));
            }
        }
    }

    /// <summary>The CSV columns made hostile, each with its cells and whether it takes a cell (as decoded from the UTF-8 sent).</summary>
    private static IEnumerable<(string Column, IReadOnlyList<HostileText> Values, Func<string, bool> Takes)> CsvColumns() =>
    [
        ("name", Hostile.Texts, cell => TakesText(cell, TextLength, optional: false)),
        ("domain", Hostile.Domains, _ => false),
        ("industry", Hostile.Texts, cell => TakesText(cell, TextLength, optional: true)),
        ("owner", Hostile.Texts, cell => TakesText(cell, UserIdLength, optional: true)),
        ("csm", Hostile.Texts, cell => TakesText(cell, TextLength, optional: true)),
        ("arr", NumberCells("1000000000001"), cell => TakesNumberCell(cell, 1e12, whole: false)),
        ("healthScore", NumberCells("101"), cell => TakesNumberCell(cell, 100, whole: true)),
        ("activeUsers", NumberCells("2147483648"), cell => TakesNumberCell(cell, int.MaxValue, whole: true)),
        ("utilization", NumberCells("1.01"), cell => TakesNumberCell(cell, 1, whole: false)),
        ("renewalDate", DateTexts, cell => cell.Trim().Length == 0 || DateOnly.TryParseExact(cell.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)),
    ];

    private static IReadOnlyList<HostileText> NumberCells(string aboveMax) =>
        Hostile.TextsAnd(
            ("negative", "-1"),
            ("above the maximum", aboveMax),
            ("fraction", "1.5"),
            ("NaN", "NaN"),
            ("infinity", "Infinity"),
            ("negative infinity", "-Infinity"),
            ("beyond a double", "1e400"),
            ("hexadecimal", "0x10"),
            ("thousands separator", "1,000"),
            ("non-ASCII digit", "\u0663"));

    /// <summary>
    /// Whether a text field takes <paramref name="text"/>: trimmed, empty is no value (which only an optional field
    /// takes, clearing it), else one line of at most <paramref name="maxLength"/>; a lone surrogate is no text.
    /// </summary>
    private static bool TakesText(string? text, int maxLength, bool optional) =>
        text is not null && !text.Any(char.IsSurrogate) && text.Trim() is var trimmed
        && (trimmed.Length == 0 ? optional : trimmed.Length <= maxLength && !trimmed.Any(char.IsControl));

    /// <summary>An empty cell leaves the field out; a cell that reads as a number is sent as one, anything else as text.</summary>
    private static bool TakesNumberCell(string cell, double max, bool whole) =>
        cell.Trim().Length == 0
        || (double.TryParse(cell.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number >= 0 && number <= max && (!whole || number == Math.Floor(number)));

    private static List<(string, byte[], bool)> TextValues(int maxLength, bool optional) =>
        [.. Hostile.Texts.Select(t => (t.Name, t.Json, TakesText(t.Text, maxLength, optional))), .. Refused(NotStrings), ("null", "null"u8.ToArray(), optional)];

    /// <param name="refused">Numbers the field refuses besides those out of every field's range.</param>
    private static List<(string, byte[], bool)> NumberValues(string aboveMax, params string[] refused) =>
        [.. Hostile.Texts.Select(t => (t.Name, t.Json, false)), .. Refused([.. NotNumbers, aboveMax, .. refused]), ("null", "null"u8.ToArray(), true)];

    private static List<(string, byte[], bool)> DateValues() =>
        [.. DateTexts.Select(t => (t.Name, t.Json, false)), .. Refused(NotStrings), ("null", "null"u8.ToArray(), true)];

    private static IEnumerable<(string, byte[], bool)> Refused(IEnumerable<string> literals) =>
        literals.Select(literal => (literal, Encoding.UTF8.GetBytes(literal), false));

    /// <summary><paramref name="valid"/> with the field at <paramref name="path"/> (<c>group.member</c> inside its group) set to <paramref name="value"/>.</summary>
    private static byte[] With(IReadOnlyDictionary<string, string> valid, string path, byte[] value)
    {
        var names = path.Split('.');
        byte[] member = names.Length == 1 ? value : [(byte)'{', .. JsonSerializer.SerializeToUtf8Bytes(names[1]), (byte)':', .. value, (byte)'}'];
        return Plus(valid.Where(f => f.Key != names[0]).ToDictionary(), [.. JsonSerializer.SerializeToUtf8Bytes(names[0]), (byte)':', .. member]);
    }

    /// <summary><paramref name="valid"/> as a JSON object with <paramref name="member"/> (<c>"name": value</c>, as sent) last.</summary>
    private static byte[] Plus(IReadOnlyDictionary<string, string> valid, byte[] member) =>
        valid.Count == 0 ? [(byte)'{', .. member, (byte)'}'] : [.. Hostile.Object(valid)[..^1], (byte)',', .. member, (byte)'}'];

    private static HostileBody CsvBody(string name, byte[] bytes) => new($"CSV {name}", bytes, "text/csv");

    private static string Quoted(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>A quoted cell of the value's bytes as sent: a string's UTF-8, or the bytes no string holds.</summary>
    private static byte[] Cell(HostileText value)
    {
        var bytes = value.Text is { } text ? Encoding.UTF8.GetBytes(text) : value.Json[1..^1];
        return [(byte)'"', .. bytes.SelectMany(b => b == '"' ? new[] { b, b } : [b]), (byte)'"'];
    }
}
