using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Executions;

namespace Engage.Functions.Tests.Workflows.Chat;

/// <summary>The calls chat tests make through the chat routes, on any <see cref="WorkflowsApp"/>.</summary>
public static class ChatCalls
{
    public const string Threads = "/api/workflows/chat/threads";

    /// <summary>The thread of a new user's execution's active step, and that user.</summary>
    public static async Task<(WorkflowsClient Client, string ThreadId, WorkflowExecution Execution)> ThreadAsync(this WorkflowsApp app)
    {
        var (client, _, execution) = await app.OwnerAsync();
        var thread = await CreateAsync(client, execution.Id, SeededRecords.CurrentStep);
        return (client, Text(thread, "id")!, execution);
    }

    public static async Task<JsonObject> CreateAsync(WorkflowsClient client, string executionId, string stepId, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var created = await client.PostAsync(Threads, new JsonObject { ["workflowExecutionId"] = executionId, ["stepId"] = stepId });
        Assert.True(created.Status == expected, $"{(int)created.Status}: {created.Body?.ToJsonString()}");
        return created.Json;
    }

    /// <summary>Sends <paramref name="content"/>, failing the test unless it is answered 200; the answer.</summary>
    public static async Task<JsonObject> SendAsync(WorkflowsClient client, string threadId, string content, string? parentMessageId = null, int? version = null, string? key = null)
    {
        using var sent = await client.PostAsync($"{Threads}/{threadId}/messages", Message(content, parentMessageId, version), key);
        Assert.True(sent.Status == HttpStatusCode.OK, $"{(int)sent.Status}: {sent.Body?.ToJsonString()}");
        return sent.Json;
    }

    public static JsonObject Message(string content, string? parentMessageId = null, int? version = null)
    {
        var body = new JsonObject { ["content"] = content };
        if (parentMessageId is not null)
        {
            body["parentMessageId"] = parentMessageId;
        }

        if (version is not null)
        {
            body["version"] = version;
        }

        return body;
    }

    public static async Task<JsonObject> GetAsync(WorkflowsClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.Status == HttpStatusCode.OK, $"{path} {(int)response.Status}: {response.Body?.ToJsonString()}");
        return response.Json;
    }

    /// <summary>Every item of a list route, following its continuations with <paramref name="limit"/> per page.</summary>
    public static async Task<List<JsonObject>> AllAsync(WorkflowsClient client, string path, int limit)
    {
        var items = new List<JsonObject>();
        string? continuation = null;
        do
        {
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            var page = await GetAsync(client, $"{path}{separator}limit={limit}" + (continuation is null ? string.Empty : $"&continuation={continuation}"));
            items.AddRange(page["items"]!.AsArray().Select(i => i!.AsObject()));
            continuation = page["continuation"]?.GetValue<string>();
        }
        while (continuation is not null);
        return items;
    }

    /// <summary>A streamed send: the response, its headers read, the body still to read.</summary>
    public static async Task<HttpResponseMessage> StreamAsync(WorkflowsClient client, string threadId, JsonObject body, string? key = null, CancellationToken cancellationToken = default)
    {
        var request = client.NewRequest(HttpMethod.Post, $"{Threads}/{threadId}/messages", body);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>The server-sent events of a response, parsed by System.Net.ServerSentEvents.SseParser, each with its data as JSON.</summary>
    public static async IAsyncEnumerable<(string Type, JsonObject Data)> EventsAsync(HttpResponseMessage response)
    {
        using var stream = await response.Content.ReadAsStreamAsync();
        await foreach (var item in SseParser.Create(stream, (_, data) => JsonNode.Parse(data)!.AsObject()).EnumerateAsync())
        {
            yield return (item.EventType, item.Data);
        }
    }

    public static string? Text(JsonNode? json, string name) => json?[name]?.GetValue<string>();

    public static int Number(JsonNode? json, string name) => json![name]!.GetValue<int>();
}
