using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Artifacts;

namespace Engage.Functions.Workflows.Actions;

/// <summary>
/// Records an approved email draft of the execution (or of its customer) as sent, to <c>to</c> or to the draft's own
/// <c>content.to</c>. Engage has no mail service: the action is the record that the CSM sent it.
/// </summary>
public sealed class SendEmailAction(CustomerRecords records, ArtifactService artifacts) : SavedAction
{
    public override string Id => "send_email";

    public override string Name => "Send email";

    public override string Description => "Record an approved email draft of the workflow as sent.";

    public override IReadOnlyList<ActionParameter> Parameters { get; } =
    [
        new("artifactId", "string", true, "The approved email_draft artifact of this workflow or its customer."),
        new("to", "string or string[]", false, "The recipients; the draft's content.to when left out."),
    ];

    protected override ActionEffect? ReadKnown(JsonFields parameters, string executionId, DateTimeOffset now)
    {
        var artifactId = WorkflowFields.ChildId(parameters, "artifactId", RecordId.Artifact, required: true);
        IReadOnlyList<string>? to = null;
        if (parameters.Value("to") is { } given && !EmailRecipients.TryRead(given, out to, out var error))
        {
            parameters.Refuse("to", error);
        }

        return artifactId is null ? null : (context, cancellationToken) => SendAsync(context, artifactId, to, cancellationToken);
    }

    private async Task<ActionOutcome> SendAsync(ActionContext context, string artifactId, IReadOnlyList<string>? to, CancellationToken cancellationToken)
    {
        var execution = context.Execution;
        var artifact = RecordId.TryGetCustomer(RecordId.Artifact, artifactId, out var customerId) && customerId == context.CustomerId
            ? await records.FindAsync<ArtifactRecord>(customerId, ArtifactRecord.RowKeyFor(artifactId), cancellationToken)
            : null;
        var refusal = artifact switch
        {
            null => Problems.Unprocessable($"artifactId {artifactId} names no artifact of customer {context.CustomerId}, whose execution {execution.Id} this is."),
            { SentByActionRun: { } run } when run == context.ActionRunId => null,
            { Type: not ArtifactTypes.EmailDraft } => Problems.Unprocessable($"Artifact {artifactId} is a {artifact.Type}, not an {ArtifactTypes.EmailDraft}."),
            { WorkflowExecutionId: { } other } when other != execution.Id => Problems.Unprocessable($"Artifact {artifactId} belongs to execution {other}, not {execution.Id}."),
            { SentAt: { } sentAt } => Problems.Conflict($"Artifact {artifactId} was sent already, at {sentAt:O}."),
            { IsApproved: false } => Problems.Conflict($"Artifact {artifactId} is not approved; approve it (PATCH {{\"isApproved\": true}}) before sending it."),
            _ => null,
        };
        if (refusal is not null)
        {
            return ActionOutcome.Refused(refusal, execution);
        }

        if (artifact!.SentByActionRun != context.ActionRunId)
        {
            if (to is null && !RecipientsOf(artifact, out to, out var missing))
            {
                return ActionOutcome.Refused(Problems.Unprocessable(missing), execution);
            }

            var change = new RecordChange("artifact_sent", $"sent by action run {context.ActionRunId}", context.Actor, context.Now, context.TraceId);
            artifact = await artifacts.MarkSentAsync(artifact, to, context.ActionRunId, change, cancellationToken);
        }

        return ActionOutcome.Done(
            new JsonObject { ["artifactId"] = artifact.Id, ["sentAt"] = artifact.SentAt, ["sentTo"] = new JsonArray([.. artifact.GetSentTo().Select(a => JsonValue.Create(a))]) },
            execution);
    }

    private static bool RecipientsOf(ArtifactRecord draft, out IReadOnlyList<string> to, out string problem)
    {
        to = [];
        if (draft.GetContent() is not JsonObject { } content || content["to"] is not { } recipients)
        {
            problem = $"The draft {draft.Id} names no recipients (content.to) and params has no to; give params.to.";
            return false;
        }

        problem = EmailRecipients.TryRead(recipients, out to, out var error) ? string.Empty : $"The draft's content.to {error} Give params.to instead.";
        return problem.Length == 0;
    }
}
