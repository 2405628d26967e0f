using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.Engagement;

/// <summary>The frontend's calls: start, then poll every so often until complete or error.</summary>
public sealed class EngagementClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public async Task<(HttpResponseMessage Response, JsonObject? Body)> StartAsync(string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/engagement-summary")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject);
    }

    public async Task<JsonArray> StatusAsync(string domain, string runId) =>
        (await Http.GetFromJsonAsync<JsonArray>($"/api/engagement-status?domain={Uri.EscapeDataString(domain)}&run_id={Uri.EscapeDataString(runId)}"))!;

    public async Task<JsonObject> WaitAsync(string domain, string runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var records = await StatusAsync(domain, runId);
            var record = Assert.IsType<JsonObject>(Assert.Single(records));
            if (record["status"]!.GetValue<string>() != "processing")
            {
                return record;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"run {runId} still processing: {record.ToJsonString()}");
            }

            await Task.Delay(100);
        }
    }
}
