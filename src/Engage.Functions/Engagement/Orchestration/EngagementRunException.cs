using Engage.Functions.Engagement.Meetings;
using Microsoft.DurableTask;

namespace Engage.Functions.Engagement.Orchestration;

/// <summary>
/// How a run fails: with a message fit to show the person who started it. The orchestrations throw nothing else,
/// so the Durable status output and the run's <c>error</c> never carry an exception's raw text.
/// </summary>
public sealed class EngagementRunException(string message) : Exception(message)
{
    /// <summary>The readable message of a failure this feature raised on purpose, or null for any other.</summary>
    public static string? ReadableMessage(TaskFailureDetails? failure)
    {
        for (var cause = failure; cause is not null; cause = cause.InnerFailure)
        {
            // By name: IsCausedBy resolves the type from the failure's assembly-less name, which finds only framework types.
            if (cause.ErrorType == typeof(EngagementRunException).FullName || cause.ErrorType == typeof(MeetingSourceException).FullName)
            {
                return cause.ErrorMessage;
            }
        }

        return null;
    }

    /// <summary>For a failure with no readable message: what to do, and the id the logs are searched by.</summary>
    public static string Unexpected(string runId) =>
        $"The run failed because of an error in Engage or its storage; the details are logged under run id {runId}. Start a new run; if it fails again, report that run id.";
}
