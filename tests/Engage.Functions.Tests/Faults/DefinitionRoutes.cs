using System.Text;
using System.Text.Json;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Definitions;

namespace Engage.Functions.Tests.Faults;

/// <summary>
/// The matrix's rows for the workflow definitions: list, read one version of a seeded workflow, and store a new
/// version (admins; the matrix's caller is the development admin). A new version is checked member by member,
/// nested ones included (<c>trigger.type</c>, <c>steps[0].sla</c>); its texts take most hostile texts as they are,
/// so those bodies would store a version and are not sent.
/// </summary>
public static class DefinitionRoutes
{
    private const string Writes = "store a new workflow version";

    private static readonly string[] NotStrings = ["42", "1.5", "true", "[]", "{}", "{\"$ne\":null}"];

    /// <summary>The valid definition's members by path; the optional ones it leaves out are not here.</summary>
    private static readonly Dictionary<string, string> Valid = new(StringComparer.Ordinal)
    {
        ["id"] = "\"matrix-probe\"",
        ["name"] = "\"Probed by the matrix\"",
        ["trigger.type"] = "\"manual\"",
        ["steps[0].id"] = "\"first\"",
        ["steps[0].type"] = "\"task\"",
        ["steps[0].name"] = "\"First step\"",
    };

    private static readonly string ValidStep = """{"id": "first", "type": "task", "name": "First step"}""";

    /// <summary>Every member (by path) with the values it is sent, each marked when the member takes it; a null value leaves the member out.</summary>
    private static readonly IReadOnlyList<(string Path, IReadOnlyList<(string Name, byte[]? Json, bool Taken)> Values)> Members =
    [
        ("id", Slugs()),
        ("name", Texts(DefinitionDraft.MaxNameLength, optional: false)),
        ("description", Texts(DefinitionDraft.MaxTextLength, optional: true)),
        ("trigger", [
            .. Refused("42", "\"manual\"", "[]", "true", "null", "{}"),
            .. Named(
                ("with an unknown member", "{\"type\": \"manual\", \"when\": \"daily\"}"),
                ("renewal_stage without a stage", $"{{\"type\": \"{WorkflowTrigger.RenewalStage}\"}}"),
                ("renewal_stage with no such stage", $"{{\"type\": \"{WorkflowTrigger.RenewalStage}\", \"stage\": \"Someday\"}}"),
                ("renewal_stage with a stage in lower case", $"{{\"type\": \"{WorkflowTrigger.RenewalStage}\", \"stage\": \"{RenewalStages.Prepare.ToLowerInvariant()}\"}}"),
                ("account_plan without a plan", $"{{\"type\": \"{WorkflowTrigger.AccountPlan}\"}}"),
                ("account_plan with a stage", $"{{\"type\": \"{WorkflowTrigger.AccountPlan}\", \"plan\": \"{AccountPlans.Expand}\", \"stage\": \"{RenewalStages.Prepare}\"}}")),
            ("left out", null, false),
        ]),
        ("trigger.type", OneOf(required: true, ("other case", "Manual"), ("no such type", "scheduled"))),
        ("trigger.stage", OneOf(required: false, ("a stage on a manual trigger", RenewalStages.Prepare))),
        ("trigger.plan", OneOf(required: false, ("a plan on a manual trigger", AccountPlans.Expand))),
        ("steps", [
            .. Refused("42", "{}", "\"first\"", "true", "null", "[]", "[42]", "[null]", "[[]]"),
            .. Named(
                ("two steps of one id", $"[{ValidStep}, {ValidStep}]"),
                ($"{DefinitionDraft.MaxSteps + 1} steps", $"[{string.Join(", ", Enumerable.Range(1, DefinitionDraft.MaxSteps + 1).Select(i => $"{{\"id\": \"s{i}\", \"type\": \"task\", \"name\": \"Step {i}\"}}"))}]")),
            ("left out", null, false),
        ]),
        ("steps[0]", [.. Named(("with an unknown member", ValidStep[..^1] + ", \"owner\": \"someone@example.com\"}"), ("with a member in another case", ValidStep[..^1] + ", \"Name\": \"Other case\"}"))]),
        ("steps[0].id", Slugs()),
        ("steps[0].type", OneOf(required: true, ("other case", "Task"), ("no such type", "email"))),
        ("steps[0].name", Texts(DefinitionDraft.MaxNameLength, optional: false)),
        ("steps[0].goal", Texts(DefinitionDraft.MaxTextLength, optional: true)),
        ("steps[0].sla", [.. BlankIsLeftOut(Strings([.. Hostile.Texts, .. Durations()])), .. Refused(NotStrings), ("null", "null"u8.ToArray(), true)]),
        ("steps[0].completesWithTask", [.. Refused("\"true\"", "1", "0", "\"yes\"", "[]", "{}"), ("null", "null"u8.ToArray(), true)]),
    ];

    public static IEnumerable<Probe> All()
    {
        var list = new RouteRequest("GET", "/api/workflows/definitions");
        var get = new RouteRequest("GET", "/api/workflows/definitions/{id}") { PathValues = new Dictionary<string, string> { ["id"] = SeedWorkflows.Qbr } };
        var create = new RouteRequest("POST", "/api/workflows/definitions") { Body = new("valid", With(null, null)) };
        return
        [
            .. list.Query("anything", Hostile.Texts, _ => new Exclusion(BadInputRoutes.ReadsNoInput)),
            .. get.Path(
                "id",
                Hostile.TextsAnd(("id of no workflow", "no-such-workflow"), ("id in upper case", "QBR"), ("id with a trailing hyphen", "qbr-"), ("65 characters", new string('a', 65))),
                BadInputRoutes.Segment),
            .. get.Query("version", [.. Hostile.Numbers(999_999), HostileText.Of("version of no definition", "999")], BadInputRoutes.EmptyIsAbsent),
            .. create.Bodies(Hostile.Bodies(Encoding.UTF8.GetString(create.Body!.Bytes))),
            .. create.Bodies(new[] { "[]", "\"matrix-probe\"", "42", "true", "null" }.Select(root => new HostileBody($"root {root}", Encoding.UTF8.GetBytes(root)))),
            .. CustomerRoutes.Send(
                create,
                from member in Members
                from value in member.Values
                select new TakenBody(new HostileBody($"{member.Path} {value.Name}", With(member.Path, value.Json)), value.Taken),
                CustomerRoutes.Taken(Writes)),
            .. create.Bodies(ExecutionRoutes.StrangeMembers(create.Body!.Bytes, "name")),
            .. create.Header("Idempotency-Key", BadInputRoutes.IdempotencyKeys, BadInputRoutes.ValidKey(Writes)),
        ];
    }

    /// <summary>The valid definition with the member at <paramref name="path"/> holding <paramref name="value"/> (left out when null).</summary>
    private static byte[] With(string? path, byte[]? value)
    {
        byte[]? Member(string at, Func<byte[]?> valid) => at == path ? value : valid();
        byte[]? Leaf(string at) => Member(at, () => Valid.TryGetValue(at, out var json) ? Encoding.UTF8.GetBytes(json) : null);
        byte[] Object(string prefix, params string[] names) => JsonObject(names.Select(name => (name, Leaf(prefix + name))));

        var trigger = Member("trigger", () => Object("trigger.", "type", "stage", "plan"));
        var step = Member("steps[0]", () => Object("steps[0].", "id", "type", "name", "goal", "sla", "completesWithTask"));
        var steps = Member("steps", () => [(byte)'[', .. step!, (byte)']']);
        return JsonObject([("id", Leaf("id")), ("name", Leaf("name")), ("description", Leaf("description")), ("trigger", trigger), ("steps", steps)]);
    }

    /// <summary>The members as a JSON object, built from bytes, so a value can hold bytes no string can (invalid UTF-8).</summary>
    private static byte[] JsonObject(IEnumerable<(string Name, byte[]? Json)> members) =>
    [
        (byte)'{',
        .. members.Where(m => m.Json is not null).SelectMany((m, i) => (byte[])[.. i == 0 ? [] : ", "u8, .. JsonSerializer.SerializeToUtf8Bytes(m.Name), .. ": "u8, .. m.Json!]),
        (byte)'}',
    ];

    /// <summary>
    /// A text the route takes: trimmed, 1 to <paramref name="maxLength"/> characters, line breaks and tabs allowed,
    /// no other control character and no lone surrogate; null only when <paramref name="optional"/>.
    /// </summary>
    private static List<(string, byte[]?, bool)> Texts(int maxLength, bool optional) =>
    [
        .. Hostile.Texts.Select(t => (t.Name, (byte[]?)t.Json, t.Text is { } text && !text.Any(char.IsSurrogate) && ((optional && text.Trim().Length == 0) || (text.Trim() is { Length: > 0 } trimmed
            && trimmed.Length <= maxLength && !trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))))),
        .. Refused(NotStrings),
        ("null", "null"u8.ToArray(), optional),
        .. optional ? [] : new[] { ("left out", (byte[]?)null, false) },
    ];

    /// <summary>An optional member that is empty or blank is read as left out, as every route reads optional texts.</summary>
    private static IEnumerable<(string, byte[]?, bool)> BlankIsLeftOut(IEnumerable<(string Name, byte[]? Json, bool Taken)> values) =>
        values.Select(v => (v.Name, v.Json, v.Taken || v.Name is "empty" or "whitespace"));

    /// <summary>Ids that are no slug (lower-case words joined by single hyphens, at most 64 characters), and no id.</summary>
    private static List<(string, byte[]?, bool)> Slugs() =>
    [
        .. Strings([.. Hostile.Texts, .. new[] { ("upper case", "Matrix-Probe"), ("double hyphen", "matrix--probe"), ("trailing hyphen", "matrix-"), ("underscore", "matrix_probe"), ("65 characters", new string('a', 65)) }.Select(v => HostileText.Of(v.Item1, v.Item2))]),
        .. Refused(NotStrings),
        ("null", "null"u8.ToArray(), false),
        ("left out", null, false),
    ];

    /// <summary>
    /// A one-of member's values, none of which it takes: every hostile text, <paramref name="others"/> and other
    /// types; null and leaving it out are refused when <paramref name="required"/>, and null taken otherwise.
    /// </summary>
    private static List<(string, byte[]?, bool)> OneOf(bool required, params (string Name, string Text)[] others) =>
    [
        .. Strings([.. Hostile.Texts, .. others.Select(o => HostileText.Of(o.Name, o.Text))]),
        .. Refused(NotStrings),
        ("null", "null"u8.ToArray(), !required),
        .. required ? new[] { ("left out", (byte[]?)null, false) } : [],
    ];

    /// <summary>SLAs that are no ISO 8601 duration of weeks to seconds from PT1S to P365D.</summary>
    private static IEnumerable<HostileText> Durations() =>
        new[]
        {
            ("months", "P1M"), ("years", "P1Y"), ("zero", "PT0S"), ("half a second", "PT0.5S"), ("366 days", "P366D"), ("P alone", "P"),
            ("PT alone", "PT"), ("ending in T", "P1DT"), ("negative", "-P1D"), ("lower case", "p1d"), ("fraction of a day", "P1.5D"),
            ("words", "3 days"), ("every part at its most", "P9999W99999DT999999H99999999M9999999999.999S"), ("a time span", "3.00:00:00"),
        }.Select(d => HostileText.Of(d.Item1, d.Item2));

    /// <summary>The texts as JSON strings (their bytes, which may be no UTF-8), none of which the member takes.</summary>
    private static IEnumerable<(string, byte[]?, bool)> Strings(IEnumerable<HostileText> texts) =>
        texts.Select(t => (t.Name, (byte[]?)t.Json, false));

    private static IEnumerable<(string, byte[]?, bool)> Refused(params string[] literals) => Named([.. literals.Select(l => (l, l))]);

    private static IEnumerable<(string, byte[]?, bool)> Named(params (string Name, string Json)[] values) =>
        values.Select(v => (v.Name, (byte[]?)Encoding.UTF8.GetBytes(v.Json), false));
}
