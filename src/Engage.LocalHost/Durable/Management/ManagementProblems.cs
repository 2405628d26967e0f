using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Durable.Management;

/// <summary>The API's refusals as RFC 9457 problem+json, where Durable Functions answers with an empty body.</summary>
public static class ManagementProblems
{
    public static IResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string instanceId) =>
        TypedResults.Problem($"There is no orchestration instance '{instanceId}' in this task hub.", statusCode: StatusCodes.Status404NotFound);

    public static IResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult Gone(OrchestrationMetadata instance, string refusedOperation) =>
        TypedResults.Problem(
            $"Instance '{instance.InstanceId}' is {instance.RuntimeStatus}; a finished instance cannot {refusedOperation}.",
            statusCode: StatusCodes.Status410Gone);

    /// <returns>404 for no instance, 410 for a finished one, or null when <paramref name="instance"/> may still be acted on.</returns>
    public static IResult? RefuseUnlessInProgress(OrchestrationMetadata? instance, string instanceId, string refusedOperation) =>
        instance is null ? NotFound(instanceId)
        : InstanceStatuses.Finished.Contains(instance.RuntimeStatus) ? Gone(instance, refusedOperation)
        : null;
}
