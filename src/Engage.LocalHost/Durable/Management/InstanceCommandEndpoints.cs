using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Durable.Management;

/// <summary>
/// What a caller can do to one instance: raise an event, terminate, suspend, resume, rewind, restart. Each answers
/// 404 for an unknown instance and 410 for one that has finished, as Durable Functions does, and 202 once the
/// engine has the request; the instance acts on it on its next episode.
/// </summary>
public static class InstanceCommandEndpoints
{
    /// <summary>A JSON body (any JSON value, <c>null</c> included) raised as the event's data.</summary>
    public static async Task<IResult> RaiseEventAsync(
        string instanceId, string eventName, HttpRequest request, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        if (string.IsNullOrWhiteSpace(eventName))
        {
            throw new BadManagementRequestException("The event name is blank.");
        }

        var instance = await client.GetInstanceAsync(id, cancellation: cancellationToken);
        if (ManagementProblems.RefuseUnlessInProgress(instance, id, "receive events") is { } refused)
        {
            return refused;
        }

        var data = await JsonText.ReadBodyAsync(request, cancellationToken);
        await client.RaiseEventAsync(id, eventName, data, cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>The <c>reason</c> becomes the terminated instance's output.</summary>
    public static Task<IResult> TerminateAsync(string instanceId, HttpRequest request, [FromServices] DurableTaskClient client, CancellationToken cancellationToken) =>
        ControlAsync(instanceId, request, client, "be terminated", (id, reason) => client.TerminateInstanceAsync(id, new TerminateInstanceOptions(reason), cancellationToken), cancellationToken);

    public static Task<IResult> SuspendAsync(string instanceId, HttpRequest request, [FromServices] DurableTaskClient client, CancellationToken cancellationToken) =>
        ControlAsync(instanceId, request, client, "be suspended", (id, reason) => client.SuspendInstanceAsync(id, reason, cancellationToken), cancellationToken);

    public static Task<IResult> ResumeAsync(string instanceId, HttpRequest request, [FromServices] DurableTaskClient client, CancellationToken cancellationToken) =>
        ControlAsync(instanceId, request, client, "be resumed", (id, reason) => client.ResumeInstanceAsync(id, reason, cancellationToken), cancellationToken);

    /// <summary>
    /// Retries a failed instance's failed activities. Durable Functions answers 410 for Completed, Terminated and
    /// Canceled; an instance still in progress has nothing to rewind, which is a 409 here rather than its 500.
    /// </summary>
    public static async Task<IResult> RewindAsync(string instanceId, HttpRequest request, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        var instance = await client.GetInstanceAsync(id, cancellation: cancellationToken);
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Failed })
        {
            await client.RewindInstanceAsync(id, ManagementQuery.Text(request.Query, "reason") ?? string.Empty, cancellationToken);
            return TypedResults.Accepted((string?)null);
        }

        return ManagementProblems.RefuseUnlessInProgress(instance, id, "be rewound")
            ?? ManagementProblems.Conflict($"Instance '{id}' is {instance!.RuntimeStatus}; only a Failed instance can be rewound.");
    }

    /// <summary>
    /// Starts the instance again with its original input and answers with the new instance's check-status links.
    /// As in Durable Functions the restart gets a new instance id unless <c>restartWithNewInstanceId=false</c>; then
    /// an instance still in progress is terminated first.
    /// </summary>
    public static async Task<IResult> RestartAsync(string instanceId, HttpRequest request, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        var newInstanceId = ManagementQuery.Flag(request.Query, "restartWithNewInstanceId", true);
        if (await client.GetInstanceAsync(id, cancellation: cancellationToken) is null)
        {
            return ManagementProblems.NotFound(id);
        }

        var restarted = await client.RestartAsync(id, newInstanceId, cancellationToken);
        var links = CheckStatusPayload.For(UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase), client.Name, restarted);
        request.HttpContext.Response.Headers.Location = links["statusQueryGetUri"]!.GetValue<string>();
        request.HttpContext.Response.Headers.RetryAfter = "10";
        return TypedResults.Json(links, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ControlAsync(
        string instanceId, HttpRequest request, DurableTaskClient client, string operation, Func<string, string?, Task> act, CancellationToken cancellationToken)
    {
        var id = InstanceIds.FromRoute(instanceId);
        var instance = await client.GetInstanceAsync(id, cancellation: cancellationToken);
        if (ManagementProblems.RefuseUnlessInProgress(instance, id, operation) is { } refused)
        {
            return refused;
        }

        await act(id, ManagementQuery.Text(request.Query, "reason"));
        return TypedResults.Accepted((string?)null);
    }
}
