using Engage.Functions.Tests.Workflows.Customers;
using Engage.Functions.Workflows.Artifacts;
using Engage.Functions.Workflows.Chat;
using Engage.Functions.Workflows.Chat.Replies;

namespace Engage.Functions.Tests.Workflows.Chat.Replies;

/// <summary>The replier with no LLM configured, as under <c>./run</c> offline: the local responder and its tools on the real app.</summary>
public sealed class LocalChatResponderTests(LocalChatApp app) : IClassFixture<LocalChatApp>
{
    [Fact]
    public async Task Asked_for_an_email_it_drafts_one_from_the_grounding_as_an_artifact_and_streams_a_reply_naming_it_word_by_word()
    {
        var (customer, execution, access) = await app.SeedAsync();
        var stream = new RecordingReplyStream();

        var reply = await app.Replier.ReplyAsync(app.Turn(customer, execution, access, "Can you draft an email for the renewal?"), stream, CancellationToken.None);

        Assert.Equal((ChatReplySources.Local, LocalChatResponder.ModelName, null), (reply.Source, reply.Model, reply.FallbackReason));
        var call = Assert.Single(reply.ToolCalls);
        Assert.Equal(ChatTools.DraftEmail, call.Name);
        Assert.True(call.Succeeded, call.Result?.ToJsonString());
        using var artifacts = await app.Admin.As(access.Caller.UserId).GetAsync($"/api/workflows/artifacts?workflowExecutionId={execution.Id}");
        var draft = Assert.Single(artifacts.Json["items"]!.AsArray())!;
        Assert.Equal((call.RecordId, ArtifactTypes.EmailDraft, $"{customer.Name}: renewal check-in"), ((string?)draft["id"], (string?)draft["type"], (string?)draft["title"]));
        Assert.Contains($"renewal on {CustomersApp.InDays(45)}", (string?)draft["content"]!["body"], StringComparison.Ordinal);
        Assert.Equal($"I drafted the email \"{customer.Name}: renewal check-in\" ({call.RecordId}); you will find it among the artifacts to review and send.", reply.Content);
        Assert.True(stream.Events.Count > 10, $"{stream.Events.Count} deltas");
        Assert.All(stream.Events, e => Assert.Equal("delta", e.Kind));
        Assert.Equal(reply.Content, stream.Shown);
        Assert.True(reply.CompletionTokens > 0);
    }

    [Fact]
    public async Task Without_a_request_it_sums_up_the_step_and_says_what_it_can_do_and_runs_no_tool()
    {
        var (customer, execution, access) = await app.SeedAsync();

        var reply = await app.Replier.ReplyAsync(app.Turn(customer, execution, access, "Hi there"), new RecordingReplyStream(), CancellationToken.None);

        Assert.Empty(reply.ToolCalls);
        Assert.StartsWith($"{customer.Name}: renewal on {CustomersApp.InDays(45)} (45 days", reply.Content, StringComparison.Ordinal);
        Assert.Contains(ChatRepliesApp.StepGoal, reply.Content, StringComparison.Ordinal);
        Assert.EndsWith("I can draft an email, create a task, snooze, escalate or schedule a follow-up: just ask.", reply.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_shows_the_local_generator_and_no_circuit()
    {
        using var health = await app.Admin.GetAsync("/api/health");

        var llm = health.Json["chat"]!["llm"]!.AsObject();
        Assert.Equal(("ok", "local", null), ((string?)llm["status"], (string?)llm["generator"], llm["circuit"]));
    }

    [Fact]
    public void The_local_responder_and_the_fallback_share_one_classifier()
    {
        Assert.Equal([ChatIntents.DraftEmail, ChatIntents.Snooze], ChatIntents.Classify("Please snooze this and draft an email"));
        Assert.Equal([ChatIntents.Escalate, ChatIntents.ReadContext], ChatIntents.Classify("Escalate: the renewal is at risk"));
        Assert.Empty(ChatIntents.Classify("Thanks!"));
        Assert.Equal(["Hello", " big", "  world"], LocalChatResponder.Words("Hello big  world"));
    }
}
