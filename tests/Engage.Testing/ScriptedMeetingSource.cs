using System.Collections.Concurrent;
using Engage.Functions.Engagement.Meetings;

namespace Engage.Testing;

/// <summary>
/// The app's meeting source, scripted per domain so one host serves every test: a domain can block (the run stays
/// Running until released), fail (the run ends Failed), throw what a bug or a driver throws, or, unscripted, answer
/// at once with no meetings.
/// </summary>
public sealed class ScriptedMeetingSource : IMeetingSource
{
    private readonly ConcurrentDictionary<string, Func<CancellationToken, Task>> _scripts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<TaskCompletionSource> _gates = new();
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, IReadOnlyList<Meeting>> _served = new(StringComparer.OrdinalIgnoreCase);

    public string Name => "scripted";

    /// <summary>A fresh domain no other test uses.</summary>
    public static string NewDomain() => "d" + Guid.NewGuid().ToString("N")[..12] + ".example";

    /// <summary>Runs for <paramref name="domain"/> wait in their first activity until the gate opens.</summary>
    public TaskCompletionSource Block(string domain)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _gates.Enqueue(gate);
        _scripts[domain] = cancellationToken => gate.Task.WaitAsync(cancellationToken);
        return gate;
    }

    /// <summary>The first <paramref name="times"/> calls for <paramref name="domain"/> fail with <paramref name="message"/>.</summary>
    public void Fail(string domain, string message, int times = int.MaxValue) =>
        _scripts[domain] = _ => _calls.GetValueOrDefault(domain) <= times
            ? Task.FromException(new MeetingSourceException(message))
            : Task.CompletedTask;

    /// <summary>Calls for <paramref name="domain"/> throw <paramref name="exception"/>, as a bug or a database driver would.</summary>
    public void Throw(string domain, Exception exception) => _scripts[domain] = _ => Task.FromException(exception);

    /// <summary>Calls for <paramref name="domain"/> answer <paramref name="meetings"/>.</summary>
    public void Serve(string domain, IReadOnlyList<Meeting> meetings) => _served[domain] = meetings;

    public int Calls(string domain) => _calls.GetValueOrDefault(domain);

    /// <summary>Opens every gate, so no activity holds up the engine's stop.</summary>
    public void ReleaseAll()
    {
        while (_gates.TryDequeue(out var gate))
        {
            gate.TrySetResult();
        }
    }

    public async Task<IReadOnlyList<Meeting>> GetMeetingsAsync(string domain, DateTimeOffset since, CancellationToken cancellationToken)
    {
        _calls.AddOrUpdate(domain, 1, (_, count) => count + 1);
        if (_scripts.TryGetValue(domain, out var script))
        {
            await script(cancellationToken);
        }

        return _served.GetValueOrDefault(domain) ?? [];
    }
}
