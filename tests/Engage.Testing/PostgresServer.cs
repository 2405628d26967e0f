using System.Diagnostics;
using System.Text;

namespace Engage.Testing;

/// <summary>
/// A private PostgreSQL cluster in a temp folder, on a free loopback port, with trust auth for
/// loopback only. One per test process, shared by every fixture; tests create their own databases
/// or tables. PostgreSQL refuses to run as root, so as root the cluster belongs to the
/// <c>postgres</c> user. A watchdog shell stops the server and deletes the folder if the test
/// process dies without cleaning up. Fault tests start their own, which can be stopped and started
/// again on the same port with its data.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string User = "postgres";

    private static readonly Lazy<Task<PostgresServer>> SharedInstance = new(StartSharedAsync);

    private readonly string _folder;
    private Process _watchdog;
    private StringBuilder _output;

    private PostgresServer(Process watchdog, StringBuilder output, string folder, int port)
    {
        _watchdog = watchdog;
        _output = output;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The maintenance database <c>postgres</c>; use <see cref="ConnectionStringFor"/> for a test's own.</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    private static bool RunningAsRoot => Environment.UserName == "root";

    private string DataFolder => Path.Combine(_folder, "data");

    public static Task<PostgresServer> SharedAsync() => SharedInstance.Value;

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true;Include Error Detail=true";

    public static async Task<PostgresServer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("engage-pg-").FullName;
        try
        {
            if (RunningAsRoot)
            {
                await RunAsync("chown", ["-R", $"{User}:{User}", folder]);
            }

            // --no-sync and the server flags below trade durability for speed: the cluster lives for one test run.
            await RunAsync(
                "initdb",
                ["-D", Path.Combine(folder, "data"), "-U", User, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
                asPostgres: true);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }

        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(folder, FreePorts.Next());
            try
            {
                await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process may have taken the port between picking and binding.
                await server.StopAsync();
                server._watchdog.Dispose();
            }
        }
    }

    /// <summary>Stops the server, keeping its data.</summary>
    /// <param name="abruptly">
    /// False: as a service stop does (fast shutdown), telling each open session it ends. True: as a crash or a
    /// failover does (immediate shutdown), cutting sessions without a word; the next start recovers from the WAL.
    /// </param>
    public async Task StopAsync(bool abruptly = false)
    {
        if (!_watchdog.HasExited)
        {
            if (abruptly)
            {
                await FlushCommitsAsync();
            }

            await RunAsync("pg_ctl", ["stop", "-D", DataFolder, "-m", abruptly ? "immediate" : "fast", "-w", "-t", "10"], asPostgres: true, check: false);
            if (!await ExitsWithinAsync(_watchdog, TimeSpan.FromSeconds(10)))
            {
                _watchdog.Kill(entireProcessTree: true);
                await _watchdog.WaitForExitAsync();
            }
        }
    }

    /// <summary>
    /// The fixture runs with <c>synchronous_commit=off</c> for speed, so an immediate shutdown would lose the last
    /// commits, which a production server (commits synchronous) keeps through a crash. A checkpoint writes them out
    /// first, so a crash here loses what a real one loses: nothing committed.
    /// </summary>
    private async Task FlushCommitsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var checkpoint = new Npgsql.NpgsqlCommand("CHECKPOINT", connection);
        await checkpoint.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Starts the stopped server again on the same port and data. Fails if another process took the port
    /// meanwhile: clients keep their connection strings across a restart, so another port would not do.
    /// </summary>
    public async Task RestartAsync()
    {
        if (!_watchdog.HasExited)
        {
            throw new InvalidOperationException("PostgreSQL is running; stop it before starting it again.");
        }

        _watchdog.Dispose();
        (_watchdog, _output) = Watch(_folder, Port);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _watchdog.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static PostgresServer Launch(string folder, int port)
    {
        var (watchdog, output) = Watch(folder, port);
        return new PostgresServer(watchdog, output, folder, port);
    }

    private static (Process Watchdog, StringBuilder Output) Watch(string folder, int port)
    {
        var data = Path.Combine(folder, "data");
        var server = Command("postgres", ["-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", folder,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", "log_min_messages=warning"], asPostgres: true);

        // The shell outlives neither the test process nor the server; on its way out it stops the
        // server (SIGINT is PostgreSQL's fast shutdown) and, if the test process died, removes the folder.
        return WatchedShell.Start(
            server,
            $"kill -INT $child 2>/dev/null; wait $child 2>/dev/null; {WatchedShell.TestProcessAlive} || rm -rf {Quote(folder)}",
            "PostgreSQL");
    }

    /// <summary>Until postmaster.pid says "ready" (what <c>pg_ctl -w</c> waits for), the server is starting up.</summary>
    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var pidFile = Path.Combine(DataFolder, "postmaster.pid");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !_watchdog.HasExited)
        {
            if (File.Exists(pidFile) && ReadLines(pidFile) is { Length: >= 8 } lines && lines[7].Trim() == "ready")
            {
                await FreePorts.WaitUntilListeningAsync(Port, deadline - DateTime.UtcNow, () => _watchdog.HasExited, Describe);
                return;
            }

            await Task.Delay(20);
        }

        throw new InvalidOperationException(Describe());
    }

    private string Describe()
    {
        lock (_output)
        {
            return $"PostgreSQL did not start on port {Port}:\n{_output}";
        }
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            // Being rewritten by the server right now; the next poll reads it.
            return [];
        }
    }

    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres = false, bool check = true)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(asPostgres ? Command(program, arguments, asPostgres) : $"{program} {string.Join(' ', arguments.Select(Quote))}");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("bash is needed to start PostgreSQL.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (check && process.ExitCode != 0)
            {
                var hint = process.ExitCode == 127
                    ? " PostgreSQL's server programs (initdb, pg_ctl, postgres) must be on PATH, e.g. from Debian's postgresql package."
                    : string.Empty;
                throw new InvalidOperationException($"{program} exited with {process.ExitCode}.{hint}\n{await stdout}{await stderr}");
            }
        }
    }

    /// <summary>A shell command line; as root it drops to the postgres user with <c>setpriv</c>, which execs (no extra process between the watchdog and the server).</summary>
    private static string Command(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var line = $"{program} {string.Join(' ', arguments.Select(Quote))}";
        return asPostgres && RunningAsRoot
            ? $"setpriv --reuid={User} --regid={User} --init-groups {line}"
            : $"exec {line}";
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<PostgresServer> StartSharedAsync()
    {
        var server = await StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }
}
