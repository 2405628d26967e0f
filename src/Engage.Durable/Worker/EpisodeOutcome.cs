namespace Engage.Durable.Worker;

/// <summary>What to do with the messages an episode consumed.</summary>
internal enum EpisodeOutcome
{
    /// <summary>Applied, or found to be duplicates: delete them.</summary>
    Done,

    /// <summary>Cannot be applied yet (the instance does not exist or has not started): retry soon.</summary>
    RetryLater,
}
