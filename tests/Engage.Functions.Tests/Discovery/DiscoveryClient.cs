using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.Discovery;

/// <summary>The discovery API as tests call it.</summary>
public sealed class DiscoveryClient(HttpClient http)
{
    public async Task<JsonObject> ListAsync(string query = "")
    {
        var response = await http.GetAsync("/api/conversations" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Every conversation of the query, following continuations.</summary>
    public async Task<List<JsonObject>> ListAllAsync(string filter = "", int limit = 200)
    {
        var all = new List<JsonObject>();
        string? continuation = null;
        do
        {
            var query = $"?limit={limit}{filter}" + (continuation is null ? string.Empty : "&continuation=" + Uri.EscapeDataString(continuation));
            var page = await ListAsync(query);
            all.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            continuation = page["continuation"]?.GetValue<string>();
        }
        while (continuation is not null);
        return all;
    }

    public async Task<JsonObject> StatusAsync()
    {
        var response = await http.GetAsync("/api/discovery/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public Task<HttpResponseMessage> WebhookAsync(object body, string? secret = DiscoveryAppFactory.WebhookSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/conversation-complete") { Content = JsonContent.Create(body) };
        if (secret is not null)
        {
            request.Headers.Add("X-Webhook-Secret", secret);
        }

        return http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public Task<HttpResponseMessage> PostAsync(string path) => http.PostAsync(path, null);
}
