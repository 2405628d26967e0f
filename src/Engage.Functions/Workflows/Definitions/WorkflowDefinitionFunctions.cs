using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Workflows.Definitions;

/// <summary>The workflow definitions: list the latest versions, read one version, and (admins) store a new version.</summary>
public sealed class WorkflowDefinitionFunctions(WorkflowDefinitions definitions, CallerIdentity identity, IdempotentCommands commands)
{
    [Function("ListWorkflowDefinitions")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/definitions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out _, out var unauthorized))
        {
            return unauthorized!;
        }

        var latest = await definitions.LatestAsync(cancellationToken);
        return TypedResults.Json(new JsonObject
        {
            ["items"] = new JsonArray([.. latest.Select(d => d.ToJson())]),
            ["continuation"] = null,
        });
    }

    [Function("GetWorkflowDefinition")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/definitions/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out _, out var unauthorized))
        {
            return unauthorized!;
        }

        if (!DefinitionDraft.IsSlug(id))
        {
            return Problems.Validation($"'{id}' is not a workflow id: ids are lower-case words joined by hyphens, such as renewal-preparation.");
        }

        if (!QueryParameters.TryReadWholeNumber(request, "version", 0, 1, 999_999, out var version, out var problem))
        {
            return problem!;
        }

        var definition = await definitions.FindAsync(id, version == 0 ? null : version, cancellationToken);
        if (definition is null)
        {
            return Problems.NotFound(version == 0 ? $"No workflow '{id}' exists." : $"Workflow '{id}' has no version {version}.");
        }

        request.HttpContext.Response.Headers.ETag = RecordVersions.ETag(definition.Version);
        return TypedResults.Json(definition.ToJson());
    }

    [Function("CreateWorkflowDefinition")]
    public async Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "workflows/definitions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unauthorized))
        {
            return unauthorized!;
        }

        if (!caller.IsAdmin)
        {
            return TypedResults.Problem(
                detail: $"Storing a workflow definition needs the {Caller.AdminRole} role.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not allowed.");
        }

        var (bytes, body, problem) = await JsonFields.ReadAsync(request, DefinitionDraft.MaxBytes, DefinitionDraft.Example, emptyIsObject: false, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        if (DefinitionDraft.Read(body) is not { } draft)
        {
            return body.Problem("The workflow definition is not valid; see errors.");
        }

        return await commands.RunAsync(request, $"workflow-definitions:{caller.UserId}", bytes, draft.Id, async (_, token) =>
        {
            var stored = await definitions.AddVersionAsync(draft, caller.UserId, token);
            return CommandAnswer.Created(stored.ToJson(), $"/api/workflows/definitions/{stored.Id}?version={stored.Version}", RecordVersions.ETag(stored.Version));
        }, cancellationToken);
    }
}
