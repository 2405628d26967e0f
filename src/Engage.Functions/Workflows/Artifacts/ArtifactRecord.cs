using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Artifacts;

/// <summary>
/// Something a CSM (or an assistant) produced for a customer, RowKey <c>artifact|{id}</c> in the customer's partition:
/// an email draft, an assessment, notes. Its content is any JSON value, kept small enough that the record's JSON fits
/// one Table Storage property, as its events hold it before and after every change (<see cref="MaxJsonLength"/>).
/// </summary>
public sealed class ArtifactRecord : CustomerRecord
{
    public const string Kind = "artifact";

    /// <summary>The content's limit in characters as stored (JSON with markup and non-ASCII characters escaped).</summary>
    public const int MaxContentLength = 30_000;

    /// <summary>The whole record's limit as its events store it: a string property holds 32,768 UTF-16 characters.</summary>
    public const int MaxJsonLength = 32_000;

    public override string RecordType => Kind;

    public override string Id => RowKey[(Kind.Length + 1)..];

    public string CustomerId => PartitionKey;

    public string? WorkflowExecutionId { get; set; }

    public string? TaskId { get; set; }

    /// <summary><see cref="ArtifactTypes"/>.</summary>
    public string Type { get; set; } = ArtifactTypes.Note;

    public string Title { get; set; } = string.Empty;

    /// <summary>The content, any JSON value, as JSON text.</summary>
    public string ContentJson { get; set; } = "null";

    public string? GenerationModel { get; set; }

    public string? GenerationPrompt { get; set; }

    public bool IsApproved { get; set; }

    public string? ApprovedBy { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>When the send_email action recorded this email draft as sent; a sent artifact no longer changes.</summary>
    public DateTimeOffset? SentAt { get; set; }

    /// <summary>The recipients it was sent to, as a JSON array of addresses.</summary>
    public string? SentToJson { get; set; }

    /// <summary>The action run that sent it, so a retry of that run knows it did.</summary>
    public string? SentByActionRun { get; set; }

    public string CreatedBy { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static string RowKeyFor(string artifactId) => Key(Kind, artifactId);

    public JsonNode? GetContent() => JsonNode.Parse(ContentJson);

    public void SetContent(JsonNode? content) => ContentJson = content?.ToJsonString() ?? "null";

    public IReadOnlyList<string> GetSentTo() => SentToJson is null ? [] : JsonSerializer.Deserialize<List<string>>(SentToJson) ?? [];

    public ArtifactRecord Copy() => (ArtifactRecord)MemberwiseClone();

    /// <summary>Why the record is too large to store with its events, or null when it fits.</summary>
    public string? SizeProblem()
    {
        if (ContentJson.Length > MaxContentLength)
        {
            return $"content is {ContentJson.Length:N0} characters as stored JSON (markup and non-ASCII characters are escaped, up to 6 characters each); the limit is {MaxContentLength:N0}.";
        }

        var length = ToJson().ToJsonString().Length;
        return length > MaxJsonLength
            ? $"The artifact is {length:N0} characters as stored JSON, over the limit of {MaxJsonLength:N0} (its events hold it whole); shorten its content, title or generation.prompt."
            : null;
    }

    public override JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["customerId"] = CustomerId,
        ["workflowExecutionId"] = WorkflowExecutionId,
        ["taskId"] = TaskId,
        ["type"] = Type,
        ["title"] = Title,
        ["content"] = GetContent(),
        ["generation"] = GenerationModel is null && GenerationPrompt is null ? null : new JsonObject
        {
            ["model"] = GenerationModel,
            ["prompt"] = GenerationPrompt,
        },
        ["isApproved"] = IsApproved,
        ["approvedBy"] = ApprovedBy,
        ["approvedAt"] = ApprovedAt,
        ["sentAt"] = SentAt,
        ["sentTo"] = SentToJson is null ? null : JsonNode.Parse(SentToJson),
        ["createdBy"] = CreatedBy,
        ["createdAt"] = CreatedAt,
        ["updatedAt"] = UpdatedAt,
        ["version"] = Version,
    };
}

/// <summary>The kinds of artifact (docs/workflow-tasks-artifacts.md); any other type is refused.</summary>
public static class ArtifactTypes
{
    public const string EmailDraft = "email_draft";
    public const string ContractAnalysis = "contract_analysis";
    public const string MeetingNotes = "meeting_notes";
    public const string Assessment = "assessment";
    public const string StakeholderMap = "stakeholder_map";
    public const string RenewalProposal = "renewal_proposal";
    public const string Note = "note";

    public static readonly IReadOnlyList<string> All = [EmailDraft, ContractAnalysis, MeetingNotes, Assessment, StakeholderMap, RenewalProposal, Note];
}
