using Engage.Durable.Client;
using Microsoft.AspNetCore.Http;

namespace Engage.Durable.Http;

/// <summary>Start, raise an event, terminate: Durable's routes and status codes.</summary>
internal static class InstanceCommandEndpoints
{
    /// <summary><c>POST /orchestrators/{functionName}[/{instanceId}]</c>, the body (optional) as input; answers with the check-status response.</summary>
    public static async Task<IResult> StartAsync(
        string functionName,
        string? instanceId,
        HttpRequest request,
        DurableTaskClient client,
        DurableTaskRegistry registry,
        DurableTaskOptions options,
        CancellationToken cancellationToken)
    {
        var id = instanceId is null ? null : InstanceIds.FromRoute(instanceId);

        // A worker in this process would fail the instance at once; a client-only process cannot know what other workers run.
        if (options.EnableWorker && !registry.TryGetOrchestrator(functionName, out _))
        {
            return ManagementProblems.BadRequest($"No orchestrator named '{functionName}' is registered.");
        }

        var input = await JsonBody.ReadAsync(request, cancellationToken);
        try
        {
            id = await client.ScheduleNewOrchestrationInstanceAsync(functionName, input, new StartOrchestrationOptions(id), cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status409Conflict);
        }

        return client.CreateCheckStatusResponse(request, id);
    }

    /// <summary><c>POST /instances/{id}/raiseEvent/{eventName}</c> with a JSON body (any JSON value, <c>null</c> included).</summary>
    public static async Task<IResult> RaiseEventAsync(string instanceId, string eventName, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        if (string.IsNullOrWhiteSpace(eventName))
        {
            throw new BadManagementRequestException("The event name is blank.");
        }

        var instance = await client.GetInstanceAsync(id, cancellationToken: cancellationToken);
        if (instance is null)
        {
            return ManagementProblems.NotFound(id);
        }

        if (instance.IsCompleted)
        {
            return ManagementProblems.Gone(instance, "receive events");
        }

        if (!request.HasJsonContentType())
        {
            throw new BadManagementRequestException(
                $"The event data must be sent as application/json, not '{request.ContentType ?? "(no content type)"}'.");
        }

        var data = await JsonBody.ReadAsync(request, cancellationToken)
            ?? throw new BadManagementRequestException("The body is empty; send the event data as JSON (null is allowed).");
        await client.RaiseEventAsync(id, eventName, data, cancellationToken);
        return Results.Accepted();
    }

    /// <summary><c>POST /instances/{id}/terminate?reason=</c>; the reason becomes the instance's output.</summary>
    public static async Task<IResult> TerminateAsync(string instanceId, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        var instance = await client.GetInstanceAsync(id, cancellationToken: cancellationToken);
        if (instance is null)
        {
            return ManagementProblems.NotFound(id);
        }

        if (instance.IsCompleted)
        {
            return ManagementProblems.Gone(instance, "be terminated");
        }

        await client.TerminateInstanceAsync(id, request.Text("reason"), cancellationToken);
        return Results.Accepted();
    }
}
