using Microsoft.Extensions.Logging;

namespace Engage.Testing;

public sealed record CapturedLogEntry(string Category, LogLevel Level, string Message, string State, string Scopes, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}: {Message} [{State}] {{{Scopes}}} {Exception}";
}
