namespace Engage.Functions.Engagement.Idempotency;

/// <summary>What to do with a request that carries an Idempotency-Key.</summary>
public enum IdempotencyDecision
{
    /// <summary>First time this key is seen (or it expired): process and record the answer.</summary>
    Process,

    /// <summary>Same key, same body, answered before: send the recorded answer again.</summary>
    Replay,

    /// <summary>Same key, other body: 422.</summary>
    Mismatch,

    /// <summary>Same key, first request still being processed: 409.</summary>
    InFlight,
}
