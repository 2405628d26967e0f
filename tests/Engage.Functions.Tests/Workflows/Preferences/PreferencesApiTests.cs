using System.Net;
using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.Workflows.Preferences;

/// <summary>The caller's preferences through the local host on Azurite: defaults, merge patches, validation, versions.</summary>
public sealed class PreferencesApiTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    private const string Preferences = "/api/workflows/preferences";

    [Fact]
    public async Task A_user_who_never_chose_gets_the_defaults_at_version_0()
    {
        using var read = await app.As(TestCustomers.NewUser()).GetAsync(Preferences);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("\"0\"", read.ETag);
        Assert.True(JsonNode.DeepEquals(Defaults(), Settings(read.Json)), read.Json.ToJsonString());
        Assert.Null(read.Json["updatedAt"]);
    }

    [Fact]
    public async Task A_merge_patch_changes_what_it_names_keeps_the_rest_null_goes_back_to_the_default_and_no_change_writes_nothing()
    {
        var user = app.As(TestCustomers.NewUser());

        using var first = await user.PatchAsync(Preferences, new JsonObject
        {
            ["ui"] = new JsonObject { ["theme"] = "dark" },
            ["chat"] = new JsonObject { ["model"] = "gpt-4o", ["showToolCalls"] = true },
            ["workflow"] = new JsonObject { ["defaultSnoozeHours"] = 720, ["queueLimit"] = 1 },
        });
        using var second = await user.PatchAsync(Preferences, new JsonObject
        {
            ["chat"] = new JsonObject { ["model"] = null },
            ["notifications"] = new JsonObject { ["digest"] = "weekly", ["email"] = false },
            ["workflow"] = null,
        });
        using var unchanged = await user.PatchAsync(Preferences, new JsonObject { ["ui"] = new JsonObject { ["theme"] = "dark" } });
        using var read = await user.GetAsync(Preferences);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal("\"1\"", first.ETag);
        Assert.Equal(("dark", 720, 1), (first.Json["ui"]!["theme"]!.GetValue<string>(), first.Json["workflow"]!["defaultSnoozeHours"]!.GetValue<int>(), first.Json["workflow"]!["queueLimit"]!.GetValue<int>()));
        var expected = Defaults();
        expected["ui"]!["theme"] = "dark";
        expected["chat"]!["showToolCalls"] = true;
        expected["notifications"]!["digest"] = "weekly";
        expected["notifications"]!["email"] = false;
        Assert.Equal("\"2\"", second.ETag);
        Assert.True(JsonNode.DeepEquals(expected, Settings(second.Json)), second.Json.ToJsonString());
        Assert.Equal((HttpStatusCode.OK, "\"2\""), (unchanged.Status, unchanged.ETag));
        Assert.Equal(2, read.Json["version"]!.GetValue<int>());
        Assert.Equal(second.Json.ToJsonString(), read.Json.ToJsonString());
    }

    [Fact]
    public async Task Each_user_has_their_own_preferences()
    {
        var (alice, bob) = (TestCustomers.NewUser(), TestCustomers.NewUser());

        using var changed = await app.As(alice).PatchAsync(Preferences, new JsonObject { ["ui"] = new JsonObject { ["density"] = "compact" } });
        using var sameUserOtherCase = await app.As(alice.ToUpperInvariant()).GetAsync(Preferences);
        using var others = await app.As(bob).GetAsync(Preferences);

        Assert.Equal("compact", sameUserOtherCase.Json["ui"]!["density"]!.GetValue<string>());
        Assert.Equal("comfortable", others.Json["ui"]!["density"]!.GetValue<string>());
        Assert.Equal("\"0\"", others.ETag);
    }

    [Theory]
    [InlineData("""{"colour": "red"}""", "colour")]
    [InlineData("""{"ui": {"theme": "blue"}}""", "ui.theme")]
    [InlineData("""{"ui": {"font": "serif"}}""", "ui.font")]
    [InlineData("""{"ui": "dark"}""", "ui")]
    [InlineData("""{"chat": {"streaming": "yes"}}""", "chat.streaming")]
    [InlineData("""{"chat": {"model": 4}}""", "chat.model")]
    [InlineData("""{"notifications": {"digest": "hourly"}}""", "notifications.digest")]
    [InlineData("""{"notifications": {"inApp": 1}}""", "notifications.inApp")]
    [InlineData("""{"workflow": {"defaultSnoozeHours": 0}}""", "workflow.defaultSnoozeHours")]
    [InlineData("""{"workflow": {"defaultSnoozeHours": 721}}""", "workflow.defaultSnoozeHours")]
    [InlineData("""{"workflow": {"queueLimit": 201}}""", "workflow.queueLimit")]
    [InlineData("""{"workflow": {"queueLimit": 1.5}}""", "workflow.queueLimit")]
    [InlineData("""{"workflow": {"autoAdvance": null, "extra": true}}""", "workflow.extra")]
    [InlineData("""[]""", null)]
    [InlineData("""{"ui": {"theme": "dark"}""", null)]
    public async Task A_patch_outside_the_schema_is_answered_with_a_400_problem_and_changes_nothing(string body, string? field)
    {
        var user = app.As(TestCustomers.NewUser());

        ProblemAssert.Is(await user.PatchAsync(Preferences, body), HttpStatusCode.BadRequest, field);
        using var read = await user.GetAsync(Preferences);
        Assert.Equal("\"0\"", read.ETag);
    }

    [Fact]
    public async Task A_patch_with_a_stale_if_match_is_412_and_a_replayed_key_answers_the_first_patch_again()
    {
        var user = app.As(TestCustomers.NewUser());
        var key = Guid.NewGuid().ToString();
        var dark = new JsonObject { ["ui"] = new JsonObject { ["theme"] = "dark" } };

        using var first = await user.PatchAsync(Preferences, dark, idempotencyKey: key, ifMatch: "\"0\"");
        using var replayed = await user.PatchAsync(Preferences, dark, idempotencyKey: key, ifMatch: "\"0\"");
        using var stale = await user.PatchAsync(Preferences, new JsonObject { ["ui"] = new JsonObject { ["theme"] = "light" } }, ifMatch: "\"0\"");
        using var read = await user.GetAsync(Preferences);

        Assert.Equal("\"1\"", first.ETag);
        Assert.Equal(HttpStatusCode.OK, replayed.Status);
        Assert.Equal(first.Json.ToJsonString(), replayed.Json.ToJsonString());
        ProblemAssert.Is(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal(("\"1\"", "dark"), (read.ETag, read.Json["ui"]!["theme"]!.GetValue<string>()));
    }

    private static JsonObject Defaults() => new()
    {
        ["chat"] = new JsonObject { ["model"] = null, ["streaming"] = true, ["showToolCalls"] = false },
        ["notifications"] = new JsonObject { ["email"] = true, ["inApp"] = true, ["digest"] = "daily" },
        ["ui"] = new JsonObject { ["theme"] = "system", ["density"] = "comfortable", ["defaultView"] = "queue" },
        ["workflow"] = new JsonObject { ["defaultSnoozeHours"] = 24, ["autoAdvance"] = true, ["queueLimit"] = 50 },
    };

    /// <summary>The answer without its version and time.</summary>
    private static JsonObject Settings(JsonObject answer)
    {
        var settings = (JsonObject)answer.DeepClone();
        settings.Remove("version");
        settings.Remove("updatedAt");
        return settings;
    }
}
