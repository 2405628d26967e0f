using System.Text.Json.Nodes;
using Engage.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Engage.Functions.Tests.Discovery;

/// <summary>Runs over several crews: failures stay with their crew, and one runner at a time across instances.</summary>
public sealed class DiscoveryRunnerTests(AzuriteFixture azurite, PostgresFixture postgres) : IClassFixture<AzuriteFixture>, IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task A_source_that_is_down_is_recorded_as_a_failure_while_the_other_crews_proceed()
    {
        var good = new SqliteChatHistory();
        await good.CreateAsync();
        await good.AddAsync(Conversations.Generate(20, 2));
        var pg = new PostgresChatHistory(postgres.Server);
        await pg.CreateAsync(withCreatedAt: true);
        await pg.AddAsync(Conversations.Generate(10, 2));
        const string password = "s3cret-pa55word";
        var down = new { client = "globex", crew = "down", source = "postgres", connection_setting = "GLOBEX_DB", table = "n8n_chat_histories" };
        var missing = new { client = "globex", crew = "missing", source = "sqlite", connection = good.ConnectionString, table = "no_such_table" };
        await using var app = new DiscoveryAppFactory(
            azurite.Server,
            [good.Crew("acme", "support"), down, missing, pg.Crew("acme", "sales")],
            ("GLOBEX_DB", $"Host=127.0.0.1;Port={FreePorts.Next()};Username=n8n;Password={password};Timeout=3"));
        var client = new DiscoveryClient(app.CreateClient());

        for (var i = 0; i < 4; i++)
        {
            await app.Runner.RunAsync("test", CancellationToken.None);
        }

        var status = await client.StatusAsync();
        var crews = status["crews"]!.AsArray().ToDictionary(c => (string)c!["crew"]!, c => c!.AsObject());
        Assert.Equal(20, (long)crews["support"]["conversations"]!);
        Assert.Equal(10, (long)crews["sales"]["conversations"]!);
        Assert.True((bool)crews["sales"]["has_created_at"]!);
        Assert.Equal(4, (int)crews["down"]["consecutive_failures"]!);
        Assert.Contains("no_such_table", (string)crews["missing"]["last_error"]!);
        Assert.Equal(0, (int)crews["support"]["consecutive_failures"]!);
        var alerts = status["alerts"]!.AsArray().Select(a => ((string)a!["code"]!, (string?)a["crew"])).ToList();
        Assert.Contains(("consecutive_failures", "globex|down"), alerts);
        Assert.Contains(("consecutive_failures", "globex|missing"), alerts);
        Assert.Contains(alerts, a => a.Item1 == "error_rate" && a.Item2 is null);
        Assert.DoesNotContain(password, status.ToJsonString());
        Assert.DoesNotContain(password, app.Logs.AllText);
        Assert.Equal(30, (await client.ListAllAsync()).Count);
    }

    [Fact]
    public async Task A_crew_that_recovers_shows_healthy_at_its_first_good_run()
    {
        // The table does not exist yet, so the crew's first runs fail.
        var history = new SqliteChatHistory();
        await using var app = new DiscoveryAppFactory(azurite.Server, [history.Crew("acme", "support")]);
        var client = new DiscoveryClient(app.CreateClient());
        await app.Runner.RunAsync("test", CancellationToken.None);
        await app.Runner.RunAsync("test", CancellationToken.None);
        var failing = await client.StatusAsync();

        await history.CreateAsync();
        await history.AddAsync(Conversations.Generate(3, 2));
        await app.Runner.RunAsync("test", CancellationToken.None);
        var status = await client.StatusAsync();

        var failed = failing["crews"]![0]!;
        Assert.NotNull(failed["last_error"]);
        Assert.Contains(failing["alerts"]!.AsArray(), a => (string)a!["code"]! == "error_rate" && (string?)a["crew"] == "acme|support");
        var crew = status["crews"]![0]!;
        Assert.Null(crew["last_error"]);
        Assert.Equal(0, (int)crew["consecutive_failures"]!);
        Assert.Equal((string)failed["last_error"]!, (string)crew["last_failure"]!);
        Assert.Equal(failed["last_run_at"]!.GetValue<DateTimeOffset>(), crew["last_failure_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(Math.Round(2.0 / 3, 4), (double)crew["error_rate"]!);
        Assert.Empty(crew["alerts"]!.AsArray());
        Assert.Empty(status["alerts"]!.AsArray());
        Assert.Equal("ok", (string)status["status"]!);
    }

    [Fact]
    public async Task PostgreSQL_failures_show_a_fixed_message_without_hosts_or_driver_text()
    {
        var server = postgres.Server;
        var port = FreePorts.Next();
        var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString);
        object Crew(string crew, string setting, string table = "n8n_chat_histories") =>
            new { client = "globex", crew, source = "postgres", connection_setting = setting, table };
        await using var app = new DiscoveryAppFactory(
            azurite.Server,
            [Crew("down", "GLOBEX_DOWN"), Crew("stranger", "GLOBEX_STRANGER"), Crew("nodb", "GLOBEX_NODB"), Crew("notable", "GLOBEX_DB", "engage_no_such_table")],
            ("GLOBEX_DOWN", $"Host=127.0.0.1;Port={port};Username=n8n;Timeout=3"),
            ("GLOBEX_STRANGER", new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Username = "engage_stranger" }.ConnectionString),
            ("GLOBEX_NODB", new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "engage_no_such_db" }.ConnectionString),
            ("GLOBEX_DB", server.ConnectionString));

        var run = await app.Runner.RunAsync("test", CancellationToken.None);
        var status = await new DiscoveryClient(app.CreateClient()).StatusAsync();

        var errors = status["crews"]!.AsArray().ToDictionary(c => (string)c!["crew"]!, c => (string?)c!["last_error"]);
        Assert.Equal("The crew's PostgreSQL database could not be reached; check that it is running, and the host and port in app setting GLOBEX_DOWN.", errors["down"]);
        Assert.Equal("The crew's PostgreSQL database refused the login; check the user name and password in app setting GLOBEX_STRANGER.", errors["stranger"]);
        Assert.Equal("The database named in app setting GLOBEX_NODB does not exist on the crew's PostgreSQL server.", errors["nodb"]);
        Assert.Equal("The chat history table \"engage_no_such_table\" does not exist in the crew's database; check the crew's table and app setting GLOBEX_DB.", errors["notable"]);
        Assert.Equal(errors.Values.Order(), run.Crews.Select(c => c.Error).Order());
        var shown = status.ToJsonString();
        foreach (var secret in new[] { "127.0.0.1", "localhost", $":{port}", $":{server.Port}", "engage_stranger", "engage_no_such_db", "Npgsql", "Failed to connect", "role " })
        {
            Assert.DoesNotContain(secret, shown, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is NpgsqlException && e.State.Contains("globex|down", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is PostgresException { SqlState: "3D000" } && e.State.Contains("globex|nodb", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_instances_never_run_at_once()
    {
        var history = new SqliteChatHistory();
        await history.CreateAsync();
        await history.AddAsync(Conversations.Generate(2000, 2));
        // A budget no machine exhausts, so the run that gets the lease indexes every session whatever the load.
        (string, string) budget = ("DISCOVERY_CREW_BUDGET_SECONDS", "3600");
        await using var first = new DiscoveryAppFactory(azurite.Server, [history.Crew("acme", "support")], budget);
        await using var second = new DiscoveryAppFactory(azurite.Server, [history.Crew("acme", "support")], budget) { TablePrefix = first.TablePrefix };
        _ = first.Services;
        _ = second.Services;

        var runs = await Task.WhenAll(first.Runner.RunAsync("test", CancellationToken.None), second.Runner.RunAsync("test", CancellationToken.None));

        Assert.Single(runs, r => r.Skipped);
        Assert.Equal(2000, runs.Single(r => !r.Skipped).Crews.Single().Changes.Created);
        var again = await second.Runner.RunAsync("test", CancellationToken.None);
        Assert.False(again.Skipped);
    }

    [Fact]
    public async Task Refused_crews_are_logged_shown_and_never_run()
    {
        var good = new SqliteChatHistory();
        await good.CreateAsync();
        object[] crews =
        [
            good.Crew("acme", "support"),
            new { client = "acme", crew = "evil", source = "postgres", connection = "Host=127.0.0.1", table = "x\"; DROP TABLE users; --" },
            new { client = "acme", crew = "upper", source = "sqlite", connection = good.ConnectionString, table = "N8N_Chat" },
            new { client = "acme", crew = "nosecret", source = "postgres", connection_setting = "UNSET_SETTING", table = "n8n_chat_histories" },
            new { client = "acme", crew = "mysql", source = "mysql", connection = "x", table = "t" },
        ];
        await using var app = new DiscoveryAppFactory(azurite.Server, crews);
        var client = new DiscoveryClient(app.CreateClient());

        var run = await app.Runner.RunAsync("test", CancellationToken.None);
        var status = await client.StatusAsync();

        Assert.Single(run.Crews);
        var refused = status["refused_crews"]!.AsArray().ToDictionary(r => (string)r!["crew"]!, r => (string)r!["reason"]!);
        Assert.Contains("^[a-z0-9_]+$", refused["evil"]);
        Assert.Contains("^[a-z0-9_]+$", refused["upper"]);
        Assert.Contains("UNSET_SETTING", refused["nosecret"]);
        Assert.Contains("postgres", refused["mysql"]);
        Assert.Equal(4, status["alerts"]!.AsArray().Count(a => (string)a!["code"]! == "crew_refused"));
        Assert.Contains(app.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("refuses crew 'acme'/'evil'", StringComparison.Ordinal));
        Assert.IsType<JsonArray>(status["crews"]);
    }
}
