using Engage.Functions.Http;
using Engage.Functions.Records;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Workflows.Artifacts;

/// <summary>The artifact routes (docs/workflow-tasks-artifacts.md): create, list by task, execution or customer, get, patch (edits and approval), delete.</summary>
public sealed class ArtifactFunctions(WorkflowRequests requests, ArtifactService artifacts, TimeProvider timeProvider)
{
    public const string Area = "artifacts";

    /// <summary>Room for the largest artifact as sent, whose content is capped as stored (<see cref="ArtifactRecord.MaxContentLength"/>).</summary>
    private const int MaxBodyBytes = 256 * 1024;

    [Function("ListArtifacts")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/artifacts")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!requests.TryAccess(request, out var access, out var problem))
        {
            return problem!;
        }

        if (!ArtifactQuery.TryRead(request, out var query, out var refused))
        {
            return refused!;
        }

        var page = await artifacts.ListAsync(access, query, cancellationToken);
        return TypedResults.Json(page.ToJson(artifact => artifact.ToJson()));
    }

    [Function("CreateArtifact")]
    public Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "workflows/artifacts")] HttpRequest request,
        CancellationToken cancellationToken) =>
        requests.RunAsync(
            request,
            Area,
            MaxBodyBytes,
            """{"taskId": "tk_...", "type": "email_draft", "title": "Renewal check-in", "content": {"subject": "...", "body": "..."}}""",
            ArtifactDraft.Read,
            draft => RecordId.NewChild(RecordId.Artifact, draft.CustomerId, timeProvider.GetUtcNow()),
            (access, draft, attempt, token) => artifacts.CreateCommandAsync(access, draft, attempt, Problems.TraceId(request.HttpContext), token),
            cancellationToken);

    [Function("GetArtifact")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/artifacts/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        requests.ReadAsync(request, (access, token) => artifacts.FindVisibleAsync(access, id, token), artifact => artifact.ToJson(), ArtifactService.NotFound(id), cancellationToken);

    [Function("UpdateArtifact")]
    public Task<IResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "workflows/artifacts/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        requests.RunAsync(
            request,
            Area,
            MaxBodyBytes,
            """{"isApproved": true} or {"content": {"subject": "...", "body": "..."}}""",
            ArtifactUpdate.Read,
            _ => id,
            (access, update, _, token) => artifacts.UpdateAsync(request, access, id, update, token),
            cancellationToken);

    [Function("DeleteArtifact")]
    public Task<IResult> DeleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "workflows/artifacts/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        requests.RunAsync(request, Area, id, (access, attempt, token) => artifacts.DeleteAsync(request, access, id, attempt.MayHaveRun, token), cancellationToken);
}
