using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Engage.Functions.Storage;
using Engage.Testing;

namespace Engage.Functions.Tests;

public sealed class HealthTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly List<AppFactory> _apps = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_is_200_ok_with_table_storage_ok()
    {
        var client = WithStorage(azurite.ConnectionString);

        var response = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ok", health.GetProperty("status").GetString());
        var tables = health.GetProperty("storage").GetProperty("tables");
        Assert.Equal("ok", tables.GetProperty("status").GetString());
        Assert.True(tables.GetProperty("latency_ms").GetDouble() >= 0);
        Assert.False(tables.TryGetProperty("reason", out _));
        Assert.False(string.IsNullOrEmpty(health.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Health_is_503_unhealthy_with_a_short_reason_when_storage_refuses_connections()
    {
        var closed = FreePorts.Next();
        var client = WithStorage(ConnectionStringTo(closed));

        var stopwatch = Stopwatch.StartNew();
        var response = await client.GetAsync("/api/health");

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
        var tables = await ReadUnhealthyTablesAsync(response);
        Assert.Contains("ConnectionRefused", tables.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Health_is_503_after_the_timeout_when_storage_accepts_but_never_answers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var client = WithStorage(ConnectionStringTo(((IPEndPoint)silent.LocalEndpoint).Port));

        var stopwatch = Stopwatch.StartNew();
        var response = await client.GetAsync("/api/health");

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(6));
        var tables = await ReadUnhealthyTablesAsync(response);
        Assert.Equal("no answer within 2 s", tables.GetProperty("reason").GetString());
    }

    [Fact]
    public void An_unusable_connection_string_stops_the_start_naming_the_setting_but_not_the_key()
    {
        var error = Assert.ThrowsAny<Exception>(() => WithStorage($"AccountName=devstoreaccount1;AccountKey={AccountKey};DefaultEndpointsProtocol=gopher"));

        Assert.Contains(StorageConnection.Setting, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AccountKey, error.ToString(), StringComparison.Ordinal);
    }

    private static string ConnectionStringTo(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    private static async Task<JsonElement> ReadUnhealthyTablesAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain(AccountKey, body);
        Assert.DoesNotContain("AccountKey", body);
        var health = JsonSerializer.Deserialize<JsonElement>(body);
        Assert.Equal("unhealthy", health.GetProperty("status").GetString());
        var tables = health.GetProperty("storage").GetProperty("tables");
        Assert.Equal("unhealthy", tables.GetProperty("status").GetString());
        var reason = tables.GetProperty("reason").GetString();
        Assert.InRange(reason?.Length ?? 0, 1, 80);
        return tables;
    }

    private HttpClient WithStorage(string connectionString)
    {
        var app = new AppFactory(azurite.Server, (StorageConnection.Setting, connectionString));
        _apps.Add(app);
        return app.CreateClient();
    }
}
