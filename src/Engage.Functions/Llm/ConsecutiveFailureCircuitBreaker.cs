using Polly.CircuitBreaker;

namespace Engage.Functions.Llm;

/// <summary>
/// Opens after N consecutive failed calls, stays open for the break duration, then lets one probe call
/// through: its success closes the circuit, its failure opens it again. Polly v8's own breaker counts a
/// failure ratio over a sampling window, where one old success keeps "5 failures in a row" from opening it,
/// so this small state machine runs as a Polly strategy instead (<see cref="ConsecutiveFailureBreakerStrategy"/>).
/// </summary>
public sealed partial class ConsecutiveFailureCircuitBreaker
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CircuitState _state = CircuitState.Closed;
    private int _failures;
    private DateTimeOffset _openUntil;

    public ConsecutiveFailureCircuitBreaker(int failureThreshold, TimeSpan breakDuration, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failureThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(breakDuration, TimeSpan.Zero);
        FailureThreshold = failureThreshold;
        BreakDuration = breakDuration;
        _time = time;
        _logger = logger;
    }

    public int FailureThreshold { get; }

    public TimeSpan BreakDuration { get; }

    /// <summary>
    /// <see cref="CircuitState.Closed"/>, <see cref="CircuitState.Open"/>, or <see cref="CircuitState.HalfOpen"/>
    /// while the probe is out. As in Polly, open turns half-open on the first call after the break, not by itself.
    /// </summary>
    public CircuitState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Whether a call may go out now, and whether it is the probe of a half-open circuit.</summary>
    internal bool TryAcquire(out bool probe, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            probe = false;
            retryAfter = TimeSpan.Zero;
            switch (_state)
            {
                case CircuitState.Closed:
                    return true;
                case CircuitState.Open when _time.GetUtcNow() >= _openUntil:
                    _state = CircuitState.HalfOpen;
                    probe = true;
                    return true;
                case CircuitState.Open:
                    retryAfter = _openUntil - _time.GetUtcNow();
                    return false;
                default:
                    // Half-open: one probe at a time, so a recovering server is not hit by every waiting caller.
                    return false;
            }
        }
    }

    internal void OnSuccess(bool probe)
    {
        bool closed;
        lock (_gate)
        {
            closed = probe && _state == CircuitState.HalfOpen;
            if (closed || _state == CircuitState.Closed)
            {
                _state = CircuitState.Closed;
                _failures = 0;
            }
        }

        if (closed)
        {
            LogClosed();
        }
    }

    internal void OnFailure(bool probe)
    {
        bool opened;
        lock (_gate)
        {
            // Calls that started before the circuit opened and fail after it do not extend the break.
            opened = (probe && _state == CircuitState.HalfOpen) || (_state == CircuitState.Closed && ++_failures >= FailureThreshold);
            if (opened)
            {
                _state = CircuitState.Open;
                _failures = 0;
                _openUntil = _time.GetUtcNow() + BreakDuration;
            }
        }

        if (opened)
        {
            LogOpened(FailureThreshold, BreakDuration.TotalSeconds);
        }
    }

    /// <summary>The caller cancelled: no verdict on the LLM, so a cancelled probe lets the next call probe.</summary>
    internal void OnAbandoned(bool probe)
    {
        lock (_gate)
        {
            if (probe && _state == CircuitState.HalfOpen)
            {
                _state = CircuitState.Open;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM circuit opened after {Failures} consecutive failures; fallbacks answer for the next {BreakSeconds} s")]
    private partial void LogOpened(int failures, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "LLM circuit closed: the probe call succeeded")]
    private partial void LogClosed();
}
