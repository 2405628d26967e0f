using Engage.Testing;

namespace Engage.LocalHost.Tests.Support;

/// <summary>A host of one test's own, for settings no other test may share (timers on, a function off), started at once.</summary>
public sealed class OwnHost : IAsyncDisposable
{
    private OwnHost(LocalHostFactory factory)
    {
        Factory = factory;
        Http = factory.CreateClient();
    }

    public LocalHostFactory Factory { get; }

    public HttpClient Http { get; }

    public CapturedLogs Logs => Factory.Logs;

    /// <summary>Starts the app with <see cref="AppSettings.Quiet"/> and <paramref name="settings"/> added or replaced.</summary>
    public static OwnHost Start(AzuriteServer azurite, params (string Key, string? Value)[] settings) =>
        new(new LocalHostFactory(azurite, AppSettings.Quiet.With(settings)));

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Factory.DisposeAsync();
    }
}
