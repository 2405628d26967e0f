using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Durable.Management;

/// <summary>Which runtime statuses count as finished, as the management API decides what an instance may still do.</summary>
public static class InstanceStatuses
{
#pragma warning disable CS0618 // The client marks Canceled and ContinuedAsNew obsolete, but the engine's instances table still reports them.
    /// <summary>Finished for good: events, terminate, suspend and resume answer 410, and only these can be purged.</summary>
    public static IReadOnlySet<OrchestrationRuntimeStatus> Finished { get; } = new HashSet<OrchestrationRuntimeStatus>
    {
        OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated,
        OrchestrationRuntimeStatus.Canceled,
    };

    /// <summary>Not finished yet: a status query answers 202 and asks the caller to come back.</summary>
    public static IReadOnlySet<OrchestrationRuntimeStatus> InProgress { get; } = new HashSet<OrchestrationRuntimeStatus>
    {
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.ContinuedAsNew,
        OrchestrationRuntimeStatus.Suspended,
    };
#pragma warning restore CS0618

    /// <summary>
    /// The status query's answer: 202 while in progress, 200 once finished, a failure 500 only when the caller asked
    /// (<c>returnInternalServerErrorOnFailure</c>), and 500 for a status this API does not know.
    /// </summary>
    public static int HttpStatusOf(OrchestrationRuntimeStatus status, bool failureAsServerError) => status switch
    {
        _ when InProgress.Contains(status) => StatusCodes.Status202Accepted,
        OrchestrationRuntimeStatus.Failed when failureAsServerError => StatusCodes.Status500InternalServerError,
        _ when Finished.Contains(status) => StatusCodes.Status200OK,
        _ => StatusCodes.Status500InternalServerError,
    };
}
