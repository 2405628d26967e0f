using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Workflows.Artifacts;

/// <summary>
/// Artifacts' commands and reads, each change one <see cref="CustomerRecords.SaveAsync"/> with its event. Who may see
/// an artifact: an admin, its customer's owner, whoever created it, and the assignee of its task; to anyone else it
/// does not exist (404).
/// </summary>
public sealed class ArtifactService(CustomerRecords records, TimeProvider timeProvider)
{
    public const string RoutePrefix = "/api/workflows/artifacts/";

    public static ProblemHttpResult NotFound(string artifactId) =>
        Problems.NotFound($"No artifact {artifactId} exists that you may see; an artifact is visible to its creator, its task's assignee, its customer's owner and admins.");

    public async Task<ArtifactRecord?> FindVisibleAsync(RecordAccess access, string artifactId, CancellationToken cancellationToken)
    {
        if (!RecordId.TryGetCustomer(RecordId.Artifact, artifactId, out var customerId))
        {
            return null;
        }

        var artifact = await records.FindAsync<ArtifactRecord>(customerId, ArtifactRecord.RowKeyFor(artifactId), cancellationToken);
        return artifact is not null && await MaySeeAsync(access, artifact, new Dictionary<string, bool>(), cancellationToken) ? artifact : null;
    }

    /// <summary>
    /// Creates artifact <paramref name="artifactId"/> from <paramref name="draft"/> for a customer the caller owns (or
    /// for a task assigned to the caller), checking that its execution and task exist and agree.
    /// </summary>
    public async Task<(ArtifactRecord? Artifact, IResult? Problem)> CreateAsync(
        RecordAccess access, ArtifactDraft draft, string artifactId, bool mayHaveRun, string? traceId, CancellationToken cancellationToken)
    {
        if (mayHaveRun && await records.FindAsync<ArtifactRecord>(draft.CustomerId, ArtifactRecord.RowKeyFor(artifactId), cancellationToken) is { } created)
        {
            return (created, null);
        }

        if (!ArtifactTypes.All.Contains(draft.Type))
        {
            return (null, UnknownType(draft.Type));
        }

        var task = draft.TaskId is null ? null : await records.FindAsync<TaskRecord>(draft.CustomerId, TaskRecord.RowKeyFor(draft.TaskId), cancellationToken);
        var mayCreate = await access.OwnsCustomerAsync(draft.CustomerId, cancellationToken) || (task is not null && access.Caller.MaySee(task.Assignee));
        if (!mayCreate || await access.CustomerAsync(draft.CustomerId, cancellationToken) is null)
        {
            return (null, Problems.NotFound($"No customer {draft.CustomerId} exists that you own; artifacts are created for your own customers or your own tasks (admins: any)."));
        }

        if (draft.TaskId is not null && task is null)
        {
            return (null, Problems.Unprocessable($"taskId {draft.TaskId} names no task of customer {draft.CustomerId}."));
        }

        var executionId = draft.WorkflowExecutionId ?? task?.WorkflowExecutionId;
        if (task?.WorkflowExecutionId is { } taskExecution && executionId != taskExecution)
        {
            return (null, Problems.Unprocessable($"Task {task.Id} belongs to execution {taskExecution}, not {executionId}."));
        }

        if (executionId is not null && await records.FindAsync<WorkflowExecution>(draft.CustomerId, WorkflowExecution.RowKeyFor(executionId), cancellationToken) is null)
        {
            return (null, Problems.Unprocessable($"workflowExecutionId {executionId} names no execution of customer {draft.CustomerId}."));
        }

        var now = timeProvider.GetUtcNow();
        var artifact = new ArtifactRecord
        {
            PartitionKey = draft.CustomerId,
            RowKey = ArtifactRecord.RowKeyFor(artifactId),
            WorkflowExecutionId = executionId,
            TaskId = draft.TaskId,
            Type = draft.Type,
            Title = draft.Title,
            GenerationModel = draft.Model,
            GenerationPrompt = draft.Prompt,
            CreatedBy = access.Caller.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        artifact.SetContent(draft.Content);
        if (artifact.SizeProblem() is { } tooLarge)
        {
            return (null, TooLarge(tooLarge));
        }

        await records.SaveAsync(null, artifact, new RecordChange("artifact_created", "created on request", access.Caller.UserId, now, traceId), cancellationToken);
        return (artifact, null);
    }

    /// <summary>
    /// <c>POST /api/workflows/artifacts</c> as a command under an Idempotency-Key: 201 with the artifact, or the refusal.
    /// The route and the chat's <c>draft_email</c> tool both run it.
    /// </summary>
    public async Task<IResult> CreateCommandAsync(RecordAccess access, ArtifactDraft draft, CommandAttempt attempt, string? traceId, CancellationToken cancellationToken)
    {
        var (artifact, refused) = await CreateAsync(access, draft, attempt.ResultId, attempt.MayHaveRun, traceId, cancellationToken);
        return artifact is null
            ? refused!
            : CommandAnswer.Created(artifact.ToJson(), RoutePrefix + artifact.Id, RecordVersions.ETag(artifact.Version));
    }

    public async Task<IResult> UpdateAsync(HttpRequest request, RecordAccess access, string artifactId, ArtifactUpdate update, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(access, artifactId, cancellationToken) is not { } before)
        {
            return NotFound(artifactId);
        }

        if (RecordVersions.CheckIfMatch(request, before) is { } stale)
        {
            return stale;
        }

        if (update.Type is { } type && !ArtifactTypes.All.Contains(type))
        {
            return UnknownType(type);
        }

        var now = timeProvider.GetUtcNow();
        if (!update.TryApply(before, access.Caller.UserId, now, out var after, out var eventType, out var conflict))
        {
            return conflict.Length > 0 ? Problems.Conflict(conflict) : Answer(before);
        }

        if (after.SizeProblem() is { } tooLarge)
        {
            return TooLarge(tooLarge);
        }

        await records.SaveAsync(before, after, new RecordChange(eventType, "changed on request", access.Caller.UserId, now, Problems.TraceId(request.HttpContext)), cancellationToken);
        return Answer(after);
    }

    public async Task<IResult> DeleteAsync(HttpRequest request, RecordAccess access, string artifactId, bool mayHaveRun, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(access, artifactId, cancellationToken) is not { } before)
        {
            // A retry of a delete that went through finds nothing left to delete, which is what it asked for.
            return mayHaveRun ? CommandAnswer.NoContent() : NotFound(artifactId);
        }

        if (RecordVersions.CheckIfMatch(request, before) is { } stale)
        {
            return stale;
        }

        var change = new RecordChange("artifact_deleted", "deleted on request", access.Caller.UserId, timeProvider.GetUtcNow(), Problems.TraceId(request.HttpContext));
        await records.DeleteAsync(before, change, cancellationToken);
        return CommandAnswer.NoContent();
    }

    /// <summary>A page of the artifacts that match <paramref name="query"/> and the caller may see; one customer's partition is read.</summary>
    public async Task<RecordPage<ArtifactRecord>> ListAsync(RecordAccess access, ArtifactQuery query, CancellationToken cancellationToken)
    {
        var assigned = new Dictionary<string, bool>(StringComparer.Ordinal);
        var visible = await access.OwnsCustomerAsync(query.List.CustomerId!, cancellationToken)
            ? null
            : (Func<ArtifactRecord, CancellationToken, ValueTask<bool>>)((artifact, token) => MaySeeAsync(access, artifact, assigned, token));
        return await RecordPages.ReadAsync(records, ArtifactRecord.Kind, query.Filter(), query.List.After, query.List.Limit, visible, cancellationToken);
    }

    /// <summary>Records an approved email draft as sent by action run <paramref name="actionRunId"/>, with its event <c>artifact_sent</c>.</summary>
    public async Task<ArtifactRecord> MarkSentAsync(ArtifactRecord before, IReadOnlyList<string> sentTo, string actionRunId, RecordChange change, CancellationToken cancellationToken)
    {
        var after = before.Copy();
        after.SentAt = change.At;
        after.SentToJson = System.Text.Json.JsonSerializer.Serialize(sentTo);
        after.SentByActionRun = actionRunId;
        after.UpdatedAt = change.At;
        await records.SaveAsync(before, after, change, cancellationToken);
        return after;
    }

    public static CommandAnswer Answer(ArtifactRecord artifact) => CommandAnswer.Ok(artifact.ToJson(), RecordVersions.ETag(artifact.Version));

    private static ProblemHttpResult UnknownType(string type) =>
        Problems.Unprocessable($"type {type} is not a kind of artifact; the kinds are {string.Join(", ", ArtifactTypes.All)}.");

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The artifact is too large.");

    /// <param name="assigned">Whether the caller is the assignee of each task looked up so far, so a list reads each task once.</param>
    private async ValueTask<bool> MaySeeAsync(RecordAccess access, ArtifactRecord artifact, Dictionary<string, bool> assigned, CancellationToken cancellationToken)
    {
        if (access.Caller.MaySee(artifact.CreatedBy) || await access.OwnsCustomerAsync(artifact.CustomerId, cancellationToken))
        {
            return true;
        }

        if (artifact.TaskId is not { } taskId)
        {
            return false;
        }

        if (!assigned.TryGetValue(taskId, out var isAssignee))
        {
            var task = await records.FindAsync<TaskRecord>(artifact.CustomerId, TaskRecord.RowKeyFor(taskId), cancellationToken);
            isAssignee = assigned[taskId] = task is not null && access.Caller.MaySee(task.Assignee);
        }

        return isAssignee;
    }
}
