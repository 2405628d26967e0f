using System.Diagnostics;
using System.Text;

namespace Engage.Testing;

/// <summary>
/// Starts a server under a bash watchdog that ends it when the test process goes away, even
/// by <c>kill -9</c>, so no emulator or database outlives a test run. Output is captured for
/// error messages.
/// </summary>
internal static class WatchedShell
{
    /// <summary>Runs <paramref name="command"/> in the background as <c>$child</c>, with <paramref name="onExit"/> as the trap.</summary>
    public static (Process Shell, StringBuilder Output) Start(string command, string onExit, string what, params string[] positional) =>
        Start(command, onExit, what, new Dictionary<string, string?>(), positional);

    /// <inheritdoc cref="Start(string, string, string, string[])"/>
    /// <param name="environment">Variables for the server on top of this process's own.</param>
    public static (Process Shell, StringBuilder Output) Start(string command, string onExit, string what, IReadOnlyDictionary<string, string?> environment, params string[] positional)
    {
        var script =
            $"{command} & child=$!; trap '{onExit}' EXIT INT TERM; " +
            $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done";
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in positional)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new StringBuilder();
        var shell = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {what}.");
        shell.OutputDataReceived += (_, e) => Append(output, e.Data);
        shell.ErrorDataReceived += (_, e) => Append(output, e.Data);
        shell.BeginOutputReadLine();
        shell.BeginErrorReadLine();
        return (shell, output);
    }

    /// <summary>Whether the test process that started the shell is still alive, as a shell condition.</summary>
    public static string TestProcessAlive => $"kill -0 {Environment.ProcessId} 2>/dev/null";

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
