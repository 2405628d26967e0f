using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Workflows.Preferences;

namespace Engage.Functions.Tests.Workflows.Preferences;

/// <summary>Reading a preferences patch and merging it into the choices made, as pure functions.</summary>
public sealed class PreferencesSchemaTests
{
    [Theory]
    [InlineData("workflow", "defaultSnoozeHours", 1, true)]
    [InlineData("workflow", "defaultSnoozeHours", 720, true)]
    [InlineData("workflow", "defaultSnoozeHours", 0, false)]
    [InlineData("workflow", "defaultSnoozeHours", 721, false)]
    [InlineData("workflow", "queueLimit", 1, true)]
    [InlineData("workflow", "queueLimit", 200, true)]
    [InlineData("workflow", "queueLimit", 0, false)]
    [InlineData("workflow", "queueLimit", 201, false)]
    public void Numbers_are_read_within_their_bounds(string section, string setting, int value, bool valid)
    {
        var fields = new JsonFields(new JsonObject { [section] = new JsonObject { [setting] = value } });

        Assert.Equal(valid, PreferencesSchema.ReadPatch(fields) is not null);
        Assert.Equal(valid, !fields.Errors.ContainsKey($"{section}.{setting}"));
    }

    [Fact]
    public void A_merge_drops_what_null_names_and_sections_left_empty()
    {
        var chosen = new JsonObject { ["ui"] = new JsonObject { ["theme"] = "dark" }, ["chat"] = new JsonObject { ["model"] = "gpt-4o", ["streaming"] = false } };
        var patch = PreferencesSchema.ReadPatch(new JsonFields(new JsonObject { ["ui"] = new JsonObject { ["theme"] = null }, ["chat"] = new JsonObject { ["model"] = null } }))!;

        var merged = PreferencesSchema.Merge(chosen, patch);

        Assert.Equal("""{"chat":{"streaming":false}}""", merged.ToJsonString());
        Assert.Equal("dark", chosen["ui"]!["theme"]!.GetValue<string>());
    }

    [Fact]
    public void The_defaults_with_nothing_chosen_are_every_setting_of_every_section()
    {
        var defaults = PreferencesSchema.Merge(PreferencesSchema.Defaults(), []);

        Assert.Equal(["chat", "notifications", "ui", "workflow"], defaults.Select(s => s.Key));
        Assert.Equal(12, defaults.Sum(s => s.Value!.AsObject().Count));
    }
}
