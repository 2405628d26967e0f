using System.Diagnostics;
using System.Net;
using System.Text;

namespace Engage.Testing;

/// <summary>
/// The local host as its own process, as <c>./run</c> starts it, on a free loopback port and a throw-away working
/// folder: for what only a real process shows, such as being killed mid-run. The settings are environment variables
/// (<c>:</c> written <c>__</c>), which win over any local.settings.json.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly Process _shell;
    private readonly StringBuilder _output;
    private readonly DirectoryInfo _workingFolder;

    private LocalHostProcess(Process shell, StringBuilder output, DirectoryInfo workingFolder, Uri baseAddress)
    {
        _shell = shell;
        _output = output;
        _workingFolder = workingFolder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the host built next to the tests and waits until <c>/api/health</c> answers; a later setting wins.</summary>
    public static async Task<LocalHostProcess> StartAsync(IEnumerable<(string Key, string? Value)> settings, TimeSpan timeout)
    {
        var port = FreePorts.Next();
        var folder = Directory.CreateTempSubdirectory("engage-localhost-process-");
        var environment = new Dictionary<string, string?>();
        foreach (var (key, value) in settings)
        {
            // A later setting wins, as with configuration sources.
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var host = Path.Combine(AppContext.BaseDirectory, "Engage.LocalHost.dll");
        var (shell, output) = WatchedShell.Start($"cd \"{folder.FullName}\" && exec dotnet \"$0\"", "kill $child 2>/dev/null", "the local host", environment, host);
        var process = new LocalHostProcess(shell, output, folder, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await process.WaitUntilHealthyAsync(timeout);
            return process;
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Ends the host at once, with no chance to finish or hand back its work, as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_shell.HasExited)
        {
            _shell.Kill(entireProcessTree: true);
            await _shell.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _shell.Dispose();
        _workingFolder.Delete(recursive: true);
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = CreateClient();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_shell.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/api/health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"The local host did not become healthy within {timeout.TotalSeconds:0} s:\n{Output}");
    }
}
