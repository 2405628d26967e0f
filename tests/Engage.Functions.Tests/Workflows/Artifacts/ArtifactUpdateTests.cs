using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Workflows.Artifacts;

namespace Engage.Functions.Tests.Workflows.Artifacts;

/// <summary>The approval lock as pure decisions: what a patch of an approved, unapproved or sent artifact does.</summary>
public sealed class ArtifactUpdateTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"title": "New"}""")]
    [InlineData("""{"content": {"body": "New"}}""")]
    [InlineData("""{"type": "note"}""")]
    [InlineData("""{"generation": {"model": "other"}}""")]
    [InlineData("""{"generation": null}""")]
    [InlineData("""{"title": "New", "isApproved": true}""")]
    public void An_approved_artifact_refuses_every_edit_that_does_not_unapprove_it(string patch)
    {
        Assert.False(Read(patch).TryApply(Approved(), "csm", Now, out _, out _, out var conflict));
        Assert.Contains("Un-approve it first", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edit_that_unapproves_in_the_same_patch_applies_and_clears_the_approval()
    {
        Assert.True(Read("""{"title": "New", "isApproved": false}""").TryApply(Approved(), "csm", Now, out var after, out var eventType, out _));

        Assert.Equal(("artifact_unapproved", "New", false, (string?)null, (DateTimeOffset?)null), (eventType, after.Title, after.IsApproved, after.ApprovedBy, after.ApprovedAt));
    }

    [Fact]
    public void Approving_an_approved_artifact_again_changes_nothing()
    {
        Assert.False(Read("""{"isApproved": true, "title": "Draft"}""").TryApply(Approved(), "other", Now, out _, out var eventType, out var conflict));
        Assert.Equal((string.Empty, string.Empty), (eventType, conflict));
    }

    [Fact]
    public void Approving_records_who_and_when()
    {
        Assert.True(Read("""{"isApproved": true}""").TryApply(Artifact(), "csm@example.com", Now, out var after, out var eventType, out _));

        Assert.Equal(("artifact_approved", "csm@example.com", (DateTimeOffset?)Now), (eventType, after.ApprovedBy, after.ApprovedAt));
    }

    [Theory]
    [InlineData("""{"isApproved": false}""")]
    [InlineData("""{"title": "New", "isApproved": false}""")]
    public void A_sent_artifact_changes_no_more(string patch)
    {
        var sent = Approved();
        sent.SentAt = Now;

        Assert.False(Read(patch).TryApply(sent, "csm", Now, out _, out _, out var conflict));
        Assert.Contains("was sent", conflict, StringComparison.Ordinal);
    }

    private static ArtifactUpdate Read(string json) =>
        ArtifactUpdate.Read(new JsonFields(JsonNode.Parse(json)!.AsObject())) ?? throw new InvalidOperationException(json);

    private static ArtifactRecord Artifact()
    {
        var artifact = new ArtifactRecord
        {
            PartitionKey = "cu_0123456789abcdef",
            RowKey = ArtifactRecord.RowKeyFor("ar_0123456789abcdef_0123456789abcdef0123456789abcdef"),
            Type = ArtifactTypes.EmailDraft,
            Title = "Draft",
            GenerationModel = "gpt-4o",
            Version = 1,
        };
        artifact.SetContent(new JsonObject { ["body"] = "Old" });
        return artifact;
    }

    private static ArtifactRecord Approved()
    {
        var artifact = Artifact();
        (artifact.IsApproved, artifact.ApprovedBy, artifact.ApprovedAt) = (true, "csm", Now.AddDays(-1));
        return artifact;
    }
}
