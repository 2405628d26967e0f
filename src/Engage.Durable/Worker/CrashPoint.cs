namespace Engage.Durable.Worker;

/// <summary>The points where a process can die that matter to the engine's guarantees.</summary>
internal enum CrashPoint
{
    /// <summary>A client sent the start message but has not written the Pending row.</summary>
    StartBeforeStatusRow,

    /// <summary>An episode committed but sent none of its messages.</summary>
    AfterCommitBeforeSend,

    /// <summary>An episode sent its messages but did not delete the ones it consumed.</summary>
    AfterSendBeforeDelete,

    /// <summary>Activities ran but their results were not reported.</summary>
    ActivityBeforeReport,
}
