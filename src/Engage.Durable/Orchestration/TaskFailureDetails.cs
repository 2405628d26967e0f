namespace Engage.Durable.Orchestration;

/// <summary>What went wrong in a failed activity, sub-orchestration or orchestration.</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    public static TaskFailureDetails FromException(Exception exception) => exception switch
    {
        TaskFailedException failed => new(failed.GetType().FullName!, failed.Message, failed.StackTrace, failed.FailureDetails),
        _ => new(exception.GetType().FullName!, exception.Message, exception.StackTrace, exception.InnerException is { } inner ? FromException(inner) : null),
    };

    /// <summary>True when this failure, or one it wraps, is of type <typeparamref name="T"/>.</summary>
    public bool IsCausedBy<T>()
        where T : Exception =>
        ErrorType == typeof(T).FullName || (InnerFailure?.IsCausedBy<T>() ?? false);
}
