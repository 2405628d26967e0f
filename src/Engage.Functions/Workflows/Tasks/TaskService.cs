using Azure.Data.Tables;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Executions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Tasks;

/// <summary>
/// Tasks' commands and reads, each change one <see cref="CustomerRecords.SaveAsync"/> with its event. Who may see a
/// task: an admin, its assignee, and the owner of its customer; to anyone else it does not exist (404).
/// </summary>
public sealed partial class TaskService(CustomerRecords records, ExecutionCommands executionCommands, TimeProvider timeProvider, ILogger<TaskService> logger)
{
    public const string RoutePrefix = "/api/workflows/tasks/";

    public static async ValueTask<bool> MaySeeAsync(RecordAccess access, TaskRecord task, CancellationToken cancellationToken) =>
        access.Caller.MaySee(task.Assignee) || await access.OwnsCustomerAsync(task.CustomerId, cancellationToken);

    public async Task<TaskRecord?> FindVisibleAsync(RecordAccess access, string taskId, CancellationToken cancellationToken)
    {
        if (!RecordId.TryGetCustomer(RecordId.Task, taskId, out var customerId))
        {
            return null;
        }

        var task = await records.FindAsync<TaskRecord>(customerId, TaskRecord.RowKeyFor(taskId), cancellationToken);
        return task is not null && await MaySeeAsync(access, task, cancellationToken) ? task : null;
    }

    public static ProblemHttpResult NotFound(string taskId) =>
        Problems.NotFound($"No task {taskId} exists that you may see; a task is visible to its assignee, its customer's owner and admins.");

    /// <summary>
    /// Creates task <paramref name="taskId"/> from <paramref name="draft"/>, for a customer the caller owns, checking
    /// that its execution and step exist. When an earlier attempt may have created it, the task found is the answer.
    /// </summary>
    /// <param name="reason">Why, for the event.</param>
    public async Task<(TaskRecord? Task, IResult? Problem)> CreateAsync(
        RecordAccess access, TaskDraft draft, string taskId, bool mayHaveRun, string reason, string? traceId, CancellationToken cancellationToken)
    {
        if (mayHaveRun && await records.FindAsync<TaskRecord>(draft.CustomerId, TaskRecord.RowKeyFor(taskId), cancellationToken) is { } created)
        {
            return (created, null);
        }

        if (await access.OwnedCustomerAsync(draft.CustomerId, cancellationToken) is null)
        {
            return (null, Problems.NotFound($"No customer {draft.CustomerId} exists that you own; tasks are created for your own customers (admins: any)."));
        }

        if (draft.WorkflowExecutionId is { } executionId)
        {
            var execution = await records.FindAsync<WorkflowExecution>(draft.CustomerId, WorkflowExecution.RowKeyFor(executionId), cancellationToken);
            if (execution is null)
            {
                return (null, Problems.Unprocessable($"workflowExecutionId {executionId} names no execution of customer {draft.CustomerId}."));
            }

            var steps = execution.GetSteps();
            if (draft.StepId is { } stepId && steps.All(s => s.Id != stepId))
            {
                return (null, Problems.Unprocessable($"stepId {stepId} is not a step of execution {executionId}; its steps are {string.Join(", ", steps.Select(s => s.Id))}."));
            }
        }

        var now = timeProvider.GetUtcNow();
        var task = new TaskRecord
        {
            PartitionKey = draft.CustomerId,
            RowKey = TaskRecord.RowKeyFor(taskId),
            WorkflowExecutionId = draft.WorkflowExecutionId,
            StepId = draft.StepId,
            Title = draft.Title,
            Description = draft.Description,
            Assignee = draft.Assignee ?? access.Caller.UserId.ToLowerInvariant(),
            Priority = draft.Priority,
            DueAt = draft.DueAt,
            CreatedBy = access.Caller.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await records.SaveAsync(null, task, new RecordChange("task_created", reason, access.Caller.UserId, now, traceId), cancellationToken);
        return (task, null);
    }

    /// <summary>
    /// <c>POST /api/workflows/tasks</c> as a command under an Idempotency-Key: 201 with the task, or the refusal. The
    /// route and the chat's <c>create_task</c> tool both run it.
    /// </summary>
    public async Task<IResult> CreateCommandAsync(
        RecordAccess access, TaskDraft draft, CommandAttempt attempt, string reason, string? traceId, CancellationToken cancellationToken)
    {
        var (task, refused) = await CreateAsync(access, draft, attempt.ResultId, attempt.MayHaveRun, reason, traceId, cancellationToken);
        return task is null
            ? refused!
            : CommandAnswer.Created(task.ToJson(timeProvider.GetUtcNow()), RoutePrefix + task.Id, RecordVersions.ETag(task.Version));
    }

    /// <summary>Applies <paramref name="update"/>; completing a task tied to a step that completes with it completes the step.</summary>
    public async Task<IResult> UpdateAsync(
        HttpRequest request, RecordAccess access, string taskId, TaskUpdate update, DurableTaskClient durable, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(access, taskId, cancellationToken) is not { } before)
        {
            return NotFound(taskId);
        }

        if (RecordVersions.CheckIfMatch(request, before) is { } stale)
        {
            return stale;
        }

        var now = timeProvider.GetUtcNow();
        var actor = access.Caller.UserId;
        if (!update.TryApply(before, actor, now, out var after, out var eventType, out var conflict))
        {
            return conflict.Length > 0 ? Problems.Conflict(conflict) : Answer(before, now);
        }

        var reason = update.Reason ?? (update.Action is { } action ? $"{action} on request" : "changed on request");
        await records.SaveAsync(before, after, new RecordChange(eventType, reason, actor, now, Problems.TraceId(request.HttpContext)), cancellationToken);
        if (update.Action == TaskUpdate.Complete)
        {
            await CompleteStepAsync(durable, after, actor, cancellationToken);
        }

        return Answer(after, now);
    }

    public async Task<IResult> DeleteAsync(HttpRequest request, RecordAccess access, string taskId, bool mayHaveRun, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(access, taskId, cancellationToken) is not { } before)
        {
            // A retry of a delete that went through finds nothing left to delete, which is what it asked for.
            return mayHaveRun ? CommandAnswer.NoContent() : NotFound(taskId);
        }

        if (RecordVersions.CheckIfMatch(request, before) is { } stale)
        {
            return stale;
        }

        var now = timeProvider.GetUtcNow();
        await records.DeleteAsync(before, new RecordChange("task_deleted", "deleted on request", access.Caller.UserId, now, Problems.TraceId(request.HttpContext)), cancellationToken);
        return CommandAnswer.NoContent();
    }

    /// <summary>
    /// A page of the tasks that match <paramref name="query"/> and the caller may see. With a customer it reads that
    /// customer's partition only (narrowed to the caller's own tasks when the caller does not own it); without one it
    /// pages across customers, checking each task's visibility.
    /// </summary>
    public async Task<RecordPage<TaskRecord>> ListAsync(RecordAccess access, TaskQuery query, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = query.Filter(now);
        Func<TaskRecord, CancellationToken, ValueTask<bool>>? visible = null;
        if (!access.Caller.IsAdmin)
        {
            if (query.List.CustomerId is null)
            {
                visible = (task, token) => MaySeeAsync(access, task, token);
            }
            else if (!await access.OwnsCustomerAsync(query.List.CustomerId, cancellationToken))
            {
                filter = RecordPages.And(filter, TableClient.CreateQueryFilter($"Assignee eq {access.Caller.UserId.ToLowerInvariant()}"));
            }
        }

        return await RecordPages.ReadAsync(records, TaskRecord.Kind, filter, query.List.After, query.List.Limit, visible, cancellationToken);
    }

    public static CommandAnswer Answer(TaskRecord task, DateTimeOffset now) => CommandAnswer.Ok(task.ToJson(now), RecordVersions.ETag(task.Version));

    /// <summary>
    /// Sends complete_step to the task's execution when its step completes with the task and is still active. The
    /// command id is the task's id and version, so a retried request that reaches here again sends the same command.
    /// </summary>
    private async Task CompleteStepAsync(DurableTaskClient durable, TaskRecord task, string actor, CancellationToken cancellationToken)
    {
        if (task.WorkflowExecutionId is not { } executionId || task.StepId is not { } stepId)
        {
            return;
        }

        var execution = await records.FindAsync<WorkflowExecution>(task.CustomerId, WorkflowExecution.RowKeyFor(executionId), cancellationToken);
        var step = execution?.GetSteps().FirstOrDefault(s => s.Id == stepId);
        if (execution is null || !ExecutionStatus.IsOpen(execution.Status) || step is not { CompletesWithTask: true, Status: StepStatus.Active })
        {
            return;
        }

        var command = new ExecutionCommand(ExecutionCommandKind.CompleteStep, $"{task.Id}.v{task.Version}", actor, $"task {task.Id} completed", stepId);
        var (_, applied) = await executionCommands.SendAsync(durable, execution, command, cancellationToken);
        if (!applied)
        {
            LogStepNotYetCompleted(executionId, stepId, task.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Execution {ExecutionId} had not completed step {StepId} when the answer for completing task {TaskId} was due; the orchestration applies the command when it gets to it")]
    private partial void LogStepNotYetCompleted(string executionId, string stepId, string taskId);
}
