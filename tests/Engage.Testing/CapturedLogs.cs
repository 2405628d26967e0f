using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Engage.Testing;

/// <summary>Keeps every log entry of one app, with its message, state values and scopes rendered to text.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLogEntry> _entries = new();

    public IReadOnlyList<CapturedLogEntry> Entries => [.. _entries];

    /// <summary>Everything written, as one string to search for values that must never appear.</summary>
    public string AllText => string.Join('\n', Entries.Select(e => e.ToString()));

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLogEntry> entries) : ILogger
    {
        private readonly AsyncLocal<ImmutableScopes?> _scopes = new();

        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            var parent = _scopes.Value;
            _scopes.Value = new ImmutableScopes(state.ToString() ?? string.Empty, parent);
            return new Pop(() => _scopes.Value = parent);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            entries.Enqueue(new CapturedLogEntry(category, logLevel, formatter(state, exception), values, _scopes.Value?.ToString() ?? string.Empty, exception));
        }
    }

    private sealed record ImmutableScopes(string State, ImmutableScopes? Parent)
    {
        public override string ToString() => Parent is null ? State : $"{Parent} => {State}";
    }

    private sealed class Pop(Action pop) : IDisposable
    {
        public void Dispose() => pop();
    }
}
