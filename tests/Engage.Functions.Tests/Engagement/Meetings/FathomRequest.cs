namespace Engage.Functions.Tests.Engagement.Meetings;

/// <summary>What the fake Fathom server saw of one request; <see cref="ArrivedAt"/> is a <see cref="System.Diagnostics.Stopwatch"/> timestamp.</summary>
public sealed record FathomRequest(string? ApiKey, string RawQuery, IReadOnlyDictionary<string, string[]> Query, long ArrivedAt)
{
    public string[] Values(string key) => Query.TryGetValue(key, out var values) ? values : [];
}
