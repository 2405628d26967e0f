using System.Text.Json.Nodes;
using Engage.Functions.Http;

namespace Engage.Functions.Workflows.Artifacts;

/// <summary>
/// A JSON merge patch of an artifact: <c>title, content, type, generation</c> (its edits) and <c>isApproved</c>.
/// Approving records who and when; an approved artifact's edits are refused unless the same patch un-approves it, and
/// a sent one changes no more (docs/workflow-tasks-artifacts.md).
/// </summary>
public sealed class ArtifactUpdate
{
    private static readonly string[] Fields = ["title", "content", "type", "generation", "isApproved"];

    private readonly IReadOnlyList<Action<ArtifactRecord>> _edits;

    private ArtifactUpdate(string? type, bool? isApproved, IReadOnlyList<Action<ArtifactRecord>> edits)
    {
        Type = type;
        IsApproved = isApproved;
        _edits = edits;
    }

    /// <summary>The new type, if the patch sets one; whether it is one of <see cref="ArtifactTypes"/> is checked on applying (422).</summary>
    public string? Type { get; }

    public bool? IsApproved { get; }

    /// <summary>The update, or null with the refusals recorded in <paramref name="fields"/>.</summary>
    public static ArtifactUpdate? Read(JsonFields fields)
    {
        fields.OnlyKnown(Fields);
        var edits = new List<Action<ArtifactRecord>>();
        var type = fields.Has("type") ? fields.Text("type", 50, required: true) : null;
        if (type is not null)
        {
            edits.Add(a => a.Type = type);
        }

        if (fields.Has("title"))
        {
            var title = fields.Text("title", ArtifactDraft.MaxTitleLength, required: true);
            edits.Add(a => a.Title = title!);
        }

        if (fields.Has("content"))
        {
            var content = fields.Value("content")?.DeepClone();
            if (content is null)
            {
                fields.Refuse("content", "cannot be null; send the new content, any JSON value.");
            }

            edits.Add(a => a.SetContent(content));
        }

        if (fields.IsNull("generation"))
        {
            edits.Add(a => (a.GenerationModel, a.GenerationPrompt) = (null, null));
        }
        else if (fields.Object("generation") is { } generation)
        {
            // A merge patch: a field left out keeps its value.
            var (model, prompt) = ArtifactDraft.ReadGeneration(generation);
            var (setsModel, setsPrompt) = (generation.Has("model"), generation.Has("prompt"));
            edits.Add(a => (a.GenerationModel, a.GenerationPrompt) = (setsModel ? model : a.GenerationModel, setsPrompt ? prompt : a.GenerationPrompt));
        }

        var isApproved = fields.Has("isApproved") ? fields.Flag("isApproved") : null;
        if (fields.IsNull("isApproved"))
        {
            fields.Refuse("isApproved", "must be true or false.");
        }

        return fields.IsValid ? new ArtifactUpdate(type, isApproved, edits) : null;
    }

    /// <summary>
    /// The artifact after this update and the type of its event; or false with why it cannot apply (a 409), or with
    /// an empty <paramref name="eventType"/> when it changes nothing.
    /// </summary>
    public bool TryApply(ArtifactRecord before, string actor, DateTimeOffset now, out ArtifactRecord after, out string eventType, out string conflict)
    {
        after = before.Copy();
        eventType = string.Empty;
        conflict = string.Empty;
        foreach (var edit in _edits)
        {
            edit(after);
        }

        var edited = !JsonNode.DeepEquals(before.ToJson(), after.ToJson());
        var approved = IsApproved ?? before.IsApproved;
        if (before.SentAt is not null && (edited || approved != before.IsApproved))
        {
            conflict = $"Artifact {before.Id} was sent at {before.SentAt:O} and no longer changes; create a new artifact instead.";
            return false;
        }

        if (before.IsApproved && approved && edited)
        {
            conflict = $"Artifact {before.Id} is approved, so its title, content, type and generation cannot change. Un-approve it first: send \"isApproved\": false, before or in this same patch.";
            return false;
        }

        if (approved && !before.IsApproved)
        {
            (after.IsApproved, after.ApprovedBy, after.ApprovedAt, eventType) = (true, actor, now, "artifact_approved");
        }
        else if (!approved && before.IsApproved)
        {
            (after.IsApproved, after.ApprovedBy, after.ApprovedAt, eventType) = (false, null, null, "artifact_unapproved");
        }
        else if (edited)
        {
            eventType = "artifact_updated";
        }
        else
        {
            return false;
        }

        after.UpdatedAt = now;
        return true;
    }
}
