using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Tests.Discovery;
using Engage.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Engage.Functions.Tests.Faults;

/// <summary>
/// Fault matrix: the PostgreSQL server of one crew stops, in the middle of a discovery run or between two,
/// and comes back, while another crew's server keeps working. Runs go through the admin route, as an
/// operator's do; their durations are written to the test output.
/// </summary>
public sealed class CrewDatabaseOutageTests(AzuriteFixture azurite, PostgresFixture postgres, ITestOutputHelper output)
    : IClassFixture<AzuriteFixture>, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private const string Unreachable =
        "The crew's PostgreSQL database could not be reached; check that it is running, and the host and port in the crew's connection in DISCOVERY_CREWS.";

    private const string ShuttingDown = "The crew's PostgreSQL server is not accepting connections now (SQLSTATE 57P03); the next run tries again.";

    /// <summary>The support crew's own server, the one that goes down; the sales crew stays on the test run's.</summary>
    private PostgresServer _supportServer = null!;

    public async Task InitializeAsync() => _supportServer = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _supportServer.DisposeAsync();

    [Fact]
    public async Task A_crew_whose_server_stops_mid_run_shows_the_error_keeps_its_cursor_and_catches_up_once_back_while_the_other_crew_goes_on()
    {
        var support = new SeededCrew("support", new PostgresChatHistory(_supportServer));
        var sales = new SeededCrew("sales", new PostgresChatHistory(postgres.Server));
        await support.History.CreateAsync();
        await sales.History.CreateAsync();
        await support.AddAsync([.. Conversations.Generate(40, 4, "a")]);
        await sales.AddAsync([.. Conversations.Generate(30, 3, "b")]);
        await using var app = new DiscoveryAppFactory(azurite.Server, [support.Crew, sales.Crew]);
        var client = new DiscoveryClient(app.CreateClient());

        var before = CrewOf(await RunAsync(client, "first"), support);
        var indexedBefore = await support.ListAsync(client);

        // New sessions and more messages in old ones for both crews: the sales crew's are indexed during the outage, the support crew's after it.
        await support.AddAsync([.. Conversations.Generate(10, 2, "a2"), .. More("a", 10, 4, 2)]);
        await sales.AddAsync([.. Conversations.Generate(20, 2, "b2"), .. More("b", 5, 3, 1)]);

        // Locked before the run starts, the support table holds the run's first query on it in the server, which stops under it.
        var locked = await support.History.LockAsync();
        var midRun = await RunAsync(client, "support's server stopped mid-run", async () =>
        {
            await WaitForQueryOnLockedTableAsync(support.History.Table);
            await _supportServer.StopAsync();
            await locked.DisposeAsync();
        });
        await sales.AssertIndexedAsync(client);
        var down = await RunAsync(client, "support's server still down");
        var indexedWhileDown = await support.ListAsync(client);

        await _supportServer.RestartAsync();
        ClearTestPool();
        await support.AddAsync([.. Conversations.Generate(5, 3, "a3"), .. More("a", 1, 6, 2), .. More("a2", 1, 2, 1)]);
        var recovered = await RunAsync(client, "support's server back");

        // The interrupted query is read once more on a new connection, which the stopping server turns away or,
        // once it is gone, finds no server at: either way a fixed sentence.
        Assert.Contains((string)CrewOf(midRun, support)["last_error"]!, new[] { ShuttingDown, Unreachable });
        Assert.Equal(Unreachable, (string)CrewOf(down, support)["last_error"]!);
        foreach (var status in new[] { midRun, down })
        {
            var failed = CrewOf(status, support);
            Assert.Equal(1, (int)status["last_run"]!["failed_crews"]!);
            Assert.Equal(["error_rate"], failed["alerts"]!.AsArray().Select(a => (string)a!));
            Assert.Contains(status["alerts"]!.AsArray(), a => (string)a!["code"]! == "error_rate" && (string?)a["crew"] == "acme|support");
            Assert.Equal((long)before["cursor"]!, (long)failed["cursor"]!);
            Assert.Equal((string)before["pending_ids"]!, (string)failed["pending_ids"]!);
            Assert.Equal(40, (long)failed["conversations"]!);
            var other = CrewOf(status, sales);
            Assert.Null(other["last_error"]);
            Assert.Empty(other["alerts"]!.AsArray());
            Assert.Equal(50, (long)other["conversations"]!);
            var shown = status.ToJsonString();
            foreach (var detail in new[] { "127.0.0.1", $":{_supportServer.Port}", "Npgsql", "administrator command", "shutting down", "connection refused" })
            {
                Assert.DoesNotContain(detail, shown, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.Equal(indexedBefore, indexedWhileDown);
        var back = CrewOf(recovered, support);
        Assert.Null(back["last_error"]);
        Assert.Equal(0, (int)back["consecutive_failures"]!);
        Assert.Empty(back["alerts"]!.AsArray());
        Assert.Equal("ok", (string)recovered["status"]!);
        Assert.Equal(await support.HighestIdAsync(), (long)back["cursor"]!);
        Assert.Equal((15, 10), ((int)back["created"]!, (int)back["updated"]!));
        Assert.Equal(55, (long)back["conversations"]!);
        await support.AssertIndexedAsync(client);
        await sales.AssertIndexedAsync(client);
    }

    /// <summary>
    /// A restart ends the connections idle in the app's pool, which hands them out again: the first query on one
    /// must not fail the run, the server being back.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_crew_whose_server_restarted_between_runs_is_healthy_at_the_next_run(bool abruptly)
    {
        // Enough sessions for parallel batches, so that the pool holds several connections when the server goes.
        var (support, app, client) = await IndexedSupportCrewAsync(400, 2);
        await using var _app = app;

        await _supportServer.StopAsync(abruptly);
        await _supportServer.RestartAsync();
        ClearTestPool();
        await support.AddAsync([.. Conversations.Generate(5, 3, "a3"), .. More("a", 3, 2, 2)]);
        var next = CrewOf(await RunAsync(client, abruptly ? "after a crash" : "after a restart"), support);

        Assert.Null(next["last_error"]);
        Assert.Equal(0, (int)next["consecutive_failures"]!);
        Assert.Equal((5, 3), ((int)next["created"]!, (int)next["updated"]!));
        Assert.Equal(await support.HighestIdAsync(), (long)next["cursor"]!);
        await support.AssertIndexedAsync(client);
    }

    [Fact]
    public async Task A_transcript_asked_for_first_after_the_server_restarted_is_read()
    {
        var (_, app, client) = await IndexedSupportCrewAsync(3, 2);
        await using var _app = app;

        await _supportServer.StopAsync();
        await _supportServer.RestartAsync();
        var response = await client.GetAsync("/api/conversations/acme/support/a-000000");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonObject>())!["messages"]!.AsArray().Count);
    }

    /// <summary>The support crew alone, seeded with sessions named a-… and indexed by a first run.</summary>
    private async Task<(SeededCrew Support, DiscoveryAppFactory App, DiscoveryClient Client)> IndexedSupportCrewAsync(int sessions, int messagesEach)
    {
        var support = new SeededCrew("support", new PostgresChatHistory(_supportServer));
        await support.History.CreateAsync();
        await support.AddAsync([.. Conversations.Generate(sessions, messagesEach, "a")]);
        var app = new DiscoveryAppFactory(azurite.Server, [support.Crew]);
        var client = new DiscoveryClient(app.CreateClient());
        await RunAsync(client, "first");
        return (support, app, client);
    }

    /// <summary>Turns <paramref name="fromTurn"/> onwards of the first <paramref name="sessions"/> sessions of <paramref name="prefix"/>.</summary>
    private static IEnumerable<ChatMessage> More(string prefix, int sessions, int fromTurn, int turns) =>
        from turn in Enumerable.Range(fromTurn, turns)
        from i in Enumerable.Range(0, sessions)
        select Conversations.Message(Conversations.SessionId(prefix, i), turn);

    private static JsonObject CrewOf(JsonObject status, SeededCrew crew) =>
        status["crews"]!.AsArray().Single(c => (string)c!["crew"]! == crew.Name)!.AsObject();

    /// <summary>The test's own pooled connections to the support server died with it; the app's are a pool of their own, left as the outage left them.</summary>
    private void ClearTestPool() => NpgsqlConnection.ClearPool(new NpgsqlConnection(_supportServer.ConnectionString));

    /// <summary>Runs discovery on the admin route and waits for the run to end; <paramref name="whileRunning"/> runs meanwhile.</summary>
    private async Task<JsonObject> RunAsync(DiscoveryClient client, string what, Func<Task>? whileRunning = null)
    {
        var previous = (await client.StatusAsync())["last_run"]?["started_at"]?.GetValue<DateTimeOffset>();
        var response = await client.PostAsync("/api/discovery/run");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        if (whileRunning is not null)
        {
            await whileRunning();
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            var status = await client.StatusAsync();
            if (status["last_run"]?["started_at"]?.GetValue<DateTimeOffset>() != previous && !(bool)status["running"]!)
            {
                var crews = status["crews"]!.AsArray().Select(c => $"{c!["crew"]} {c["last_duration_ms"]} ms, {c["created"]} created, {c["updated"]} updated, {c["conversations"]} indexed{(c["last_error"] is { } error ? $" ({error})" : string.Empty)}");
                output.WriteLine($"run ({what}): {status["last_run"]!["duration_ms"]} ms, {status["last_run"]!["failed_crews"]} failed; {string.Join("; ", crews)}");
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the run ({what}) did not end within 90 s");
            await Task.Delay(100);
        }
    }

    /// <summary>Until a query of the app waits for the lock held on <paramref name="table"/>.</summary>
    private async Task WaitForQueryOnLockedTableAsync(string table)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        await using var connection = new NpgsqlConnection(_supportServer.ConnectionString);
        await connection.OpenAsync();
        await using var waiting = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND relation = to_regclass(@table))", connection);
        waiting.Parameters.AddWithValue("table", table);
        while (!(bool)(await waiting.ExecuteScalarAsync())!)
        {
            Assert.True(DateTime.UtcNow < deadline, $"discovery did not query {table} within 30 s");
            await Task.Delay(20);
        }
    }

    /// <summary>A crew's chat history with the number of messages each of its sessions has.</summary>
    private sealed class SeededCrew(string name, PostgresChatHistory history)
    {
        private readonly Dictionary<string, long> _messages = new(StringComparer.Ordinal);

        public string Name => name;

        public PostgresChatHistory History => history;

        public object Crew => history.Crew("acme", name);

        /// <summary>The table's highest id, not its number of rows: after a crash PostgreSQL's sequences go on past the values they had cached.</summary>
        public async Task<long> HighestIdAsync()
        {
            await using var connection = new NpgsqlConnection(history.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT max(id) FROM {history.Table}", connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        public async Task AddAsync(IReadOnlyCollection<ChatMessage> messages)
        {
            await history.AddAsync(messages);
            foreach (var message in messages)
            {
                _messages[message.SessionId] = _messages.GetValueOrDefault(message.SessionId) + 1;
            }
        }

        /// <summary>The crew's conversations as listed, session and message count, a few to a page so that the list is paged through.</summary>
        public async Task<List<(string Session, long Messages)>> ListAsync(DiscoveryClient client) =>
            [.. (await client.ListAllAsync($"&crew={name}", limit: 7))
                .Select(i => ((string)i["session_id"]!, (long)i["message_count"]!))
                .OrderBy(i => i.Item1, StringComparer.Ordinal)];

        /// <summary>Every session listed exactly once, with each of its messages counted once.</summary>
        public async Task AssertIndexedAsync(DiscoveryClient client) =>
            Assert.Equal(_messages.Select(m => (m.Key, m.Value)).OrderBy(m => m.Key, StringComparer.Ordinal), await ListAsync(client));
    }
}
