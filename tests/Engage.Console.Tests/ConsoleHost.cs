using System.Net.Http.Json;
using System.Text.Json;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Workflows.Chat.Replies;
using Engage.Functions.Workflows.Customers;
using Engage.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Playwright;
using Npgsql;

namespace Engage.Console.Tests;

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleHost>
{
    public const string Name = "Console";
}

/// <summary>
/// The app under the local host on Kestrel (a browser needs a real port) on the test run's Azurite, one crew on the
/// test run's PostgreSQL with <see cref="Conversations"/> indexed, the demo meetings for the demo domains and
/// scripted ones (<see cref="Meetings"/>) for the rest, the demo customers, and one headless chromium; shared by the
/// console's tests. The chat's local responder pauses between words, so a browser sees its reply stream.
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    public const int Conversations = 60;
    public const string Client = "console";
    public const string Crew = "chat";

    private LocalHostFactory? _factory;
    private IPlaywright? _playwright;

    public ScriptedMeetingSource Meetings { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public DurableTaskClient Durable => _factory!.Services.GetRequiredService<DurableTaskClient>();

    public async Task InitializeAsync()
    {
        Chromium.EnsureInstalled();
        var azurite = AzuriteServer.SharedAsync();
        var postgres = await PostgresServer.SharedAsync();
        var table = "console_chat_" + Guid.NewGuid().ToString("N")[..10];
        await SeedConversationsAsync(postgres.ConnectionString, table);

        var port = FreePorts.Next();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var crews = JsonSerializer.Serialize(new[] { new { client = Client, crew = Crew, source = "postgres", connection = postgres.ConnectionString, table } });
        _factory = new LocalHostFactory(await azurite, AppSettings.Pinned.With(
            ("urls", BaseAddress.ToString().TrimEnd('/')),
            ("DISCOVERY_CREWS", crews),
            (DemoCustomers.Setting, "true"),
            (ChatReplyOptions.LocalTokenDelaySetting, "5")))
        {
            ServiceChanges = services => services.Replace(ServiceDescriptor.Singleton<IMeetingSource>(new DemoOrScripted(new FixtureMeetingSource(TimeProvider.System), Meetings))),
        };
        _factory.UseKestrel();
        _factory.StartServer();
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await IndexConversationsAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(Chromium.LaunchOptions);
    }

    public async Task DisposeAsync()
    {
        Meetings.ReleaseAll();
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    /// <summary>A page in a browser context of its own at the given size, collecting its errors.</summary>
    public async Task<ConsoleTab> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, BaseURL = BaseAddress.ToString() });
        context.SetDefaultTimeout(30_000);
        return new ConsoleTab(context, await context.NewPageAsync());
    }

    /// <summary>Saves the page to the test output folder (screenshots/NAME.png) and answers the path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = false });
        Assert.True(new FileInfo(path).Length > 0);
        return path;
    }

    /// <summary>
    /// <see cref="Conversations"/> sessions of a human question and an AI answer, as n8n writes them, session
    /// <c>session-001</c> the oldest: newest first they run from session-060 down.
    /// </summary>
    private static async Task SeedConversationsAsync(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $$"""
            CREATE TABLE {{table}} (id SERIAL PRIMARY KEY, session_id VARCHAR(255) NOT NULL, message JSONB NOT NULL, created_at timestamptz NOT NULL);
            CREATE INDEX ON {{table}} (session_id, id);
            INSERT INTO {{table}} (session_id, message, created_at)
            SELECT 'session-' || lpad(g::text, 3, '0'),
                   jsonb_build_object('type', k, 'content', CASE WHEN k = 'human' THEN 'Question ' || g ELSE 'Answer ' || g END,
                                      'additional_kwargs', '{}'::jsonb, 'response_metadata', '{}'::jsonb),
                   timestamptz '2026-01-01 00:00:00+00' + make_interval(mins => g, secs => CASE WHEN k = 'human' THEN 0 ELSE 10 END)
            FROM generate_series(1, {{Conversations}}) g, unnest(ARRAY['human', 'ai']) k
            ORDER BY g, k DESC;
            """,
            connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs discovery (its timer is off) and waits until the crew's conversations are all indexed.</summary>
    private async Task IndexConversationsAsync()
    {
        using var run = await Http.PostAsync("/api/discovery/run", content: null);
        run.EnsureSuccessStatusCode();
        await Eventually.GetAsync(
            () => Http.GetFromJsonAsync<JsonElement>("/api/discovery/status"),
            status => !status.GetProperty("running").GetBoolean() && status.GetProperty("crews")[0].GetProperty("conversations").GetInt64() == Conversations,
            TimeSpan.FromMinutes(1),
            "indexed the seeded conversations");
    }

    /// <summary>The bundled demo meetings for the demo domains; a test's scripted domains (*.example) from the script.</summary>
    private sealed class DemoOrScripted(FixtureMeetingSource demo, ScriptedMeetingSource scripted) : IMeetingSource
    {
        public string Name => demo.Name;

        public Task<IReadOnlyList<Meeting>> GetMeetingsAsync(string domain, DateTimeOffset since, CancellationToken cancellationToken) =>
            domain.EndsWith(".example", StringComparison.Ordinal)
                ? scripted.GetMeetingsAsync(domain, since, cancellationToken)
                : demo.GetMeetingsAsync(domain, since, cancellationToken);
    }
}
