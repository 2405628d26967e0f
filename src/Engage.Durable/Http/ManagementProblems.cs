using Engage.Durable.Client;
using Microsoft.AspNetCore.Http;

namespace Engage.Durable.Http;

/// <summary>The API's error answers, as RFC 9457 problem+json where Durable answers with an empty body or a bare message.</summary>
internal static class ManagementProblems
{
    public static IResult BadRequest(string detail) =>
        Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(string instanceId) =>
        Results.Problem($"There is no orchestration instance '{instanceId}'.", statusCode: StatusCodes.Status404NotFound);

    public static IResult Gone(OrchestrationMetadata instance, string refusedOperation) =>
        Results.Problem(
            $"Instance '{instance.InstanceId}' is {instance.RuntimeStatus}; a finished instance cannot {refusedOperation}.",
            statusCode: StatusCodes.Status410Gone);
}
