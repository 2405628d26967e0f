using System.Text.Json.Nodes;
using Engage.Functions.Http;

namespace Engage.Functions.Workflows.Preferences;

/// <summary>
/// A user's preferences (docs/workflow-preferences.md): four sections of typed settings, each with a default. A user's
/// row keeps only the settings they chose; what the API shows is the defaults with those on top, so a default changed
/// later reaches everyone who never chose otherwise. A PATCH is a JSON merge patch whose null sets a setting (or a
/// whole section) back to its default.
/// </summary>
public static class PreferencesSchema
{
    public static readonly IReadOnlyList<string> Digests = ["none", "daily", "weekly"];
    public static readonly IReadOnlyList<string> Themes = ["light", "dark", "system"];
    public static readonly IReadOnlyList<string> Densities = ["compact", "comfortable", "spacious"];
    public static readonly IReadOnlyList<string> Views = ["queue", "tasks", "customers"];

    private static readonly Dictionary<string, Setting[]> Sections = new(StringComparer.Ordinal)
    {
        ["chat"] =
        [
            new("model", null, (f, n) => Node(f.Text(n, 100))),
            new("streaming", true, (f, n) => Node(f.Flag(n))),
            new("showToolCalls", false, (f, n) => Node(f.Flag(n))),
        ],
        ["notifications"] =
        [
            new("email", true, (f, n) => Node(f.Flag(n))),
            new("inApp", true, (f, n) => Node(f.Flag(n))),
            new("digest", "daily", (f, n) => Node(f.OneOf(n, Digests))),
        ],
        ["ui"] =
        [
            new("theme", "system", (f, n) => Node(f.OneOf(n, Themes))),
            new("density", "comfortable", (f, n) => Node(f.OneOf(n, Densities))),
            new("defaultView", "queue", (f, n) => Node(f.OneOf(n, Views))),
        ],
        ["workflow"] =
        [
            new("defaultSnoozeHours", 24, (f, n) => Node(f.WholeNumber(n, 1, 720))),
            new("autoAdvance", true, (f, n) => Node(f.Flag(n))),
            new("queueLimit", 50, (f, n) => Node(f.WholeNumber(n, 1, 200))),
        ],
    };

    public static JsonObject Defaults() =>
        new(Sections.Select(section => KeyValuePair.Create<string, JsonNode?>(
            section.Key,
            new JsonObject(section.Value.Select(s => KeyValuePair.Create(s.Name, s.Default?.DeepClone()))))));

    /// <summary>
    /// The merge patch in <paramref name="fields"/> as read: every name known, every value of its type or null; or
    /// null with the refusals recorded.
    /// </summary>
    public static JsonObject? ReadPatch(JsonFields fields)
    {
        fields.OnlyKnown([.. Sections.Keys]);
        var patch = new JsonObject();
        foreach (var (name, settings) in Sections)
        {
            if (fields.IsNull(name))
            {
                patch[name] = null;
            }
            else if (fields.Object(name) is { } section)
            {
                section.OnlyKnown([.. settings.Select(s => s.Name)]);
                var sectionPatch = new JsonObject();
                foreach (var setting in settings.Where(s => section.Has(s.Name)))
                {
                    sectionPatch[setting.Name] = section.IsNull(setting.Name) ? null : setting.Read(section, setting.Name);
                }

                patch[name] = sectionPatch;
            }
        }

        return fields.IsValid ? patch : null;
    }

    /// <summary>RFC 7386: <paramref name="patch"/> applied to <paramref name="target"/>, a null removing what it names; sections left empty are dropped.</summary>
    public static JsonObject Merge(JsonObject target, JsonObject patch)
    {
        var merged = (JsonObject)target.DeepClone();
        foreach (var (name, value) in patch)
        {
            if (value is JsonObject nested)
            {
                var section = Merge(merged[name] as JsonObject ?? [], nested);
                if (section.Count == 0)
                {
                    merged.Remove(name);
                }
                else
                {
                    merged[name] = section;
                }
            }
            else if (value is null)
            {
                merged.Remove(name);
            }
            else
            {
                merged[name] = value.DeepClone();
            }
        }

        return merged;
    }

    private static JsonNode? Node(bool? value) => value is { } flag ? JsonValue.Create(flag) : null;

    private static JsonNode? Node(int? value) => value is { } number ? JsonValue.Create(number) : null;

    private static JsonNode? Node(string? value) => value is null ? null : JsonValue.Create(value);

    /// <summary>One setting: its name, its default, and how a patch's value for it is read (null when refused).</summary>
    private sealed record Setting(string Name, JsonNode? Default, Func<JsonFields, string, JsonNode?> Read);
}
