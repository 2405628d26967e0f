using Engage.Functions.Http;
using Engage.Functions.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Tasks;

/// <summary>The task routes (docs/workflow-tasks-artifacts.md): list, create, get, patch (fields or an action), delete.</summary>
public sealed class TaskFunctions(WorkflowRequests requests, TaskService tasks, TimeProvider timeProvider)
{
    public const string Area = "tasks";

    /// <summary>Far above the largest task (a 4,000-character description, every character escaped).</summary>
    private const int MaxBodyBytes = 64 * 1024;

    [Function("ListTasks")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/tasks")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!requests.TryAccess(request, out var access, out var problem))
        {
            return problem!;
        }

        if (!TaskQuery.TryRead(request, out var query, out var refused))
        {
            return refused!;
        }

        var now = timeProvider.GetUtcNow();
        var page = await tasks.ListAsync(access, query, now, cancellationToken);
        return TypedResults.Json(page.ToJson(task => task.ToJson(now)));
    }

    [Function("CreateTask")]
    public Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/tasks")] HttpRequest request,
        CancellationToken cancellationToken) =>
        requests.RunAsync(
            request,
            Area,
            MaxBodyBytes,
            """{"customerId": "cu_0123456789abcdef", "title": "Call the champion"}""",
            TaskDraft.ReadRequest,
            draft => RecordId.NewChild(RecordId.Task, draft.CustomerId, timeProvider.GetUtcNow()),
            (access, draft, attempt, token) => tasks.CreateCommandAsync(access, draft, attempt, "created on request", Problems.TraceId(request.HttpContext), token),
            cancellationToken);

    [Function("GetTask")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/tasks/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        requests.ReadAsync(request, (access, token) => tasks.FindVisibleAsync(access, id, token), task => task.ToJson(timeProvider.GetUtcNow()), TaskService.NotFound(id), cancellationToken);

    [Function("UpdateTask")]
    public Task<IResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "workflows/tasks/{id}")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken) =>
        requests.RunAsync(
            request,
            Area,
            MaxBodyBytes,
            """{"action": "complete"} or {"title": "Call the champion", "dueAt": "2026-05-01T09:00:00Z"}""",
            fields => TaskUpdate.Read(fields, timeProvider.GetUtcNow()),
            _ => id,
            (access, update, _, token) => tasks.UpdateAsync(request, access, id, update, durable, token),
            cancellationToken);

    [Function("DeleteTask")]
    public Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "workflows/tasks/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        requests.RunAsync(request, Area, id, (access, attempt, token) => tasks.DeleteAsync(request, access, id, attempt.MayHaveRun, token), cancellationToken);
}
