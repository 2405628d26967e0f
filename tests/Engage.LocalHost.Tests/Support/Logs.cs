using Engage.Testing;

namespace Engage.LocalHost.Tests.Support;

/// <summary>What a host under test wrote, as the Functions host writes its invocation lines.</summary>
public static class Logs
{
    /// <summary>The invocation lines of <paramref name="function"/> that begin with <paramref name="verb"/> (Executing, Executed).</summary>
    public static IReadOnlyList<CapturedLogEntry> Invocations(this CapturedLogs logs, string function, string verb) =>
        [.. logs.Entries.Where(e => e.Category == "Function." + function && e.Message.StartsWith($"{verb} 'Functions.{function}'", StringComparison.Ordinal))];

    /// <summary>Waits until an entry matches; fails the test, showing what was written, after <paramref name="seconds"/>.</summary>
    public static async Task<CapturedLogEntry> WaitForAsync(this CapturedLogs logs, Func<CapturedLogEntry, bool> match, string what, int seconds = 30)
    {
        await logs.WaitUntilAsync(() => logs.Entries.Any(match), what, seconds);
        return logs.Entries.First(match);
    }

    /// <summary>Waits until <paramref name="condition"/> holds; fails the test, showing what was written, after <paramref name="seconds"/>.</summary>
    public static async Task WaitUntilAsync(this CapturedLogs logs, Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"No log entry {what} after {seconds} s. The host wrote:\n{logs.AllText}");
            }

            await Task.Delay(100);
        }
    }
}
