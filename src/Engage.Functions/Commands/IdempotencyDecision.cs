namespace Engage.Functions.Commands;

/// <summary>What to do with a request that carries an Idempotency-Key.</summary>
public enum IdempotencyDecision
{
    /// <summary>First time this key is seen (or it expired): process and record the answer.</summary>
    Process,

    /// <summary>
    /// The first request's claim ran out before it recorded an answer (it crashed or hung): process again, creating
    /// the record's <see cref="IdempotencyRecord.ResultId"/>, which may exist already.
    /// </summary>
    TakeOver,

    /// <summary>Same key, same body, answered before: send the recorded answer again.</summary>
    Replay,

    /// <summary>Same key, other body: 422.</summary>
    Mismatch,

    /// <summary>Same key, first request still within its claim: 409.</summary>
    InFlight,
}
