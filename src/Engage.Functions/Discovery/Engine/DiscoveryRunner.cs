using Engage.Functions.Discovery.Crews;
using Engage.Functions.Discovery.State;

namespace Engage.Functions.Discovery.Engine;

/// <summary>
/// A discovery run over every crew: one runner at a time in this process (a gate) and across instances (the
/// lease). Crews run a few at a time; each one's failure is recorded in its state and the others go on.
/// </summary>
public sealed partial class DiscoveryRunner(
    CrewCatalog catalog,
    CrewDiscovery discovery,
    DiscoveryLease lease,
    DiscoveryStateStore states,
    TimeProvider timeProvider,
    ILogger<DiscoveryRunner> logger)
{
    private const int ParallelCrews = 4;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    public bool IsRunning => _gate.CurrentCount == 0;

    public async Task<DiscoveryRunResult> RunAsync(string trigger, CancellationToken cancellationToken)
    {
        if (!await _gate.WaitAsync(0, cancellationToken))
        {
            return DiscoveryRunResult.Skip("a run is in progress in this instance");
        }

        try
        {
            var held = await lease.TryAcquireAsync(_owner, cancellationToken);
            if (held is null)
            {
                LogSkipped();
                return DiscoveryRunResult.Skip("another instance holds the discovery lease");
            }

            // The crews work on a token the lease's loss cancels, so a run never writes on without its lease.
            using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var stopKeeping = new CancellationTokenSource();
            var keeping = KeepLeaseAsync(held, work, stopKeeping.Token);
            try
            {
                return await RunCrewsAsync(trigger, work.Token);
            }
            catch (OperationCanceledException) when (work.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return DiscoveryRunResult.Skip("the discovery lease was lost during the run, which stopped; the next run goes on from the progress kept");
            }
            finally
            {
                await stopKeeping.CancelAsync();
                if (await keeping)
                {
                    await ReleaseAsync(held);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DiscoveryRunResult> RunCrewsAsync(string trigger, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var startedAt = timeProvider.GetUtcNow();
        var results = new CrewRunResult[catalog.Crews.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, catalog.Crews.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelCrews, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await discovery.RunAsync(catalog.Crews[i], trigger, ct));

        var duration = timeProvider.GetElapsedTime(started);
        var failed = results.Count(r => !r.Succeeded);
        await states.SaveLastRunAsync(
            new DiscoveryRunEntity
            {
                StartedAt = startedAt,
                DurationMs = Math.Round(duration.TotalMilliseconds, 1),
                Trigger = trigger,
                Crews = results.Length,
                FailedCrews = failed,
                Sessions = results.Sum(r => r.Sessions),
                Created = results.Sum(r => r.Changes.Created),
                Updated = results.Sum(r => r.Changes.Updated),
            },
            cancellationToken);
        LogRun(trigger, results.Length, failed, duration.TotalMilliseconds);
        return new DiscoveryRunResult(results, null);
    }

    /// <returns>Whether the lease was still held when the run ended.</returns>
    private async Task<bool> KeepLeaseAsync(LeaseEntity held, CancellationTokenSource work, CancellationToken stop)
    {
        var kept = await lease.KeepAsync(held, stop);
        if (!kept)
        {
            LogLeaseLost();
            await work.CancelAsync();
        }

        return kept;
    }

    private async Task ReleaseAsync(LeaseEntity held)
    {
        try
        {
            await lease.ReleaseAsync(held, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The run's outcome stands; the lease expires by itself.
            LogReleaseFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery run ({Trigger}) over {Crews} crews finished in {DurationMs:0} ms; {Failed} failed")]
    private partial void LogRun(string trigger, int crews, int failed, double durationMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Discovery run skipped: another instance holds the lease")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The discovery lease was lost during a run; the run is stopped")]
    private partial void LogLeaseLost();

    [LoggerMessage(Level = LogLevel.Warning, Message = "The discovery lease could not be released; it expires by itself")]
    private partial void LogReleaseFailed(Exception exception);
}
