using System.Diagnostics;
using System.Text;

namespace Engage.Testing;

/// <summary>
/// A private Azurite on free loopback ports, in memory, telemetry off. One per test process,
/// shared by every fixture; a watchdog shell stops it if the test process dies without
/// cleaning up, so no emulator outlives the run.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Task<AzuriteServer>> SharedInstance = new(StartSharedAsync);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private AzuriteServer(Process process, StringBuilder output, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
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

    public static async Task<AzuriteServer> StartAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {ExecutablePath}. Run ./test (or 'npm ci --prefix tools/azurite') first.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
            var server = Launch(blob, queue, table);
            try
            {
                foreach (var port in new[] { table, queue, blob })
                {
                    await FreePorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30), () => server._process.HasExited, () => $"Azurite did not start:\n{server._output}");
                }

                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process may have taken one of the ports between picking and binding.
                await server.DisposeAsync();
            }
        }
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

    private static AzuriteServer Launch(int blobPort, int queuePort, int tablePort)
    {
        var args = $"--inMemoryPersistence --disableTelemetry --silent --skipApiVersionCheck " +
                   $"--blobHost 127.0.0.1 --blobPort {blobPort} --queueHost 127.0.0.1 --queuePort {queuePort} " +
                   $"--tableHost 127.0.0.1 --tablePort {tablePort}";
        var (process, output) = WatchedShell.Start($"\"$0\" {args}", "kill $child 2>/dev/null", "Azurite", ExecutablePath);
        return new AzuriteServer(process, output, blobPort, queuePort, tablePort);
    }

    private static async Task<AzuriteServer> StartSharedAsync()
    {
        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
