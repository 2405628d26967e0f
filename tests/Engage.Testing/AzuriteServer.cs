using System.Diagnostics;
using System.Text;

namespace Engage.Testing;

/// <summary>
/// A private Azurite on free loopback ports, in memory, telemetry off. One per test process,
/// shared by every fixture; a watchdog shell stops it if the test process dies without
/// cleaning up, so no emulator outlives the run. Fault tests start their own on disk, which
/// can be stopped and started again on the same ports with its data.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Task<AzuriteServer>> SharedInstance = new(StartSharedAsync);

    private readonly string? _location;
    private Process _process;
    private StringBuilder _output;

    private AzuriteServer(Process process, StringBuilder output, int blobPort, int queuePort, int tablePort, string? location)
    {
        _process = process;
        _output = output;
        _location = location;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/devstoreaccount1");

    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/devstoreaccount1");

    public string ConnectionString =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;" +
        $"QueueEndpoint={QueueEndpoint};" +
        $"TableEndpoint={TableEndpoint};";

    public static Task<AzuriteServer> SharedAsync() => SharedInstance.Value;

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("AZURITE_PATH") is { Length: > 0 } path
            ? path
            : Path.Combine(RepositoryPaths.Root, "tools", "azurite", "node_modules", ".bin", "azurite");

    /// <param name="location">A folder to keep the data in, so that <see cref="StopAsync"/> and <see cref="RestartAsync"/> keep it; null for memory.</param>
    public static async Task<AzuriteServer> StartAsync(string? location = null)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {ExecutablePath}. Run ./test (or 'npm ci --prefix tools/azurite') first.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
            var server = Launch(blob, queue, table, location);
            try
            {
                await server.WaitUntilListeningAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process may have taken one of the ports between picking and binding.
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Stops the emulator as a service stop does (SIGTERM), so it saves its data first.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Starts the stopped emulator again on the same ports and data.</summary>
    public async Task RestartAsync()
    {
        if (_location is null)
        {
            throw new InvalidOperationException("An in-memory Azurite loses its data when it stops; start it with a location to restart it.");
        }

        _process.Dispose();
        (_process, _output) = WatchedLaunch(BlobPort, QueuePort, TablePort, _location);
        await WaitUntilListeningAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static AzuriteServer Launch(int blobPort, int queuePort, int tablePort, string? location)
    {
        var (process, output) = WatchedLaunch(blobPort, queuePort, tablePort, location);
        return new AzuriteServer(process, output, blobPort, queuePort, tablePort, location);
    }

    private static (Process Process, StringBuilder Output) WatchedLaunch(int blobPort, int queuePort, int tablePort, string? location)
    {
        var persistence = location is null ? "--inMemoryPersistence" : "--location \"$1\"";
        var args = $"{persistence} --disableTelemetry --silent --skipApiVersionCheck " +
                   $"--blobHost 127.0.0.1 --blobPort {blobPort} --queueHost 127.0.0.1 --queuePort {queuePort} " +
                   $"--tableHost 127.0.0.1 --tablePort {tablePort}";
        return WatchedShell.Start($"\"$0\" {args}", "kill $child 2>/dev/null", "Azurite", ExecutablePath, location ?? string.Empty);
    }

    private async Task WaitUntilListeningAsync()
    {
        foreach (var port in new[] { TablePort, QueuePort, BlobPort })
        {
            await FreePorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30), () => _process.HasExited, () => $"Azurite did not start:\n{_output}");
        }
    }

    private static async Task<AzuriteServer> StartSharedAsync()
    {
        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
