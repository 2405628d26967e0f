using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Chat;
using Engage.Functions.Workflows.Chat.Replies;
using Engage.Functions.Workflows.Chat.Threads;
using Engage.Functions.Workflows.Customers;
using Engage.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Bench;

/// <summary>
/// The chat routes in process against a private Azurite, answered by the real replier with the local responder at
/// 0 ms a word (no LLM configured), so the figures hold a turn's grounding (customer context, engagement summary,
/// open work), the two transactions and the history read, but no model's latency: a send, the first streamed token,
/// and a page of a 1,000-message thread's history at random positions.
/// </summary>
internal static class ChatBench
{
    private const int Threads = 20;
    private const int Warmup = 20;
    private const int Samples = 200;
    private const int HistoryMessages = 1000;
    private const int PairsPerCommit = 10;

    public static async Task<IReadOnlyDictionary<string, object>> RunAsync(CancellationToken cancellationToken)
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = await BenchApp.StartAsync(azurite, [(ChatReplyOptions.LocalTokenDelaySetting, "0")], null, cancellationToken);
        using var http = BenchApp.Client(app);

        var threads = new List<string>();
        for (var i = 0; i < Threads; i++)
        {
            threads.Add(await NewThreadAsync(app.Services, http, cancellationToken));
        }

        var figures = new Dictionary<string, object>();
        var sends = await MeasureAsync(i => () => SendAsync(http, threads[i % Threads], streamed: false, cancellationToken), cancellationToken);
        figures["send_ms_p50"] = sends.At(50);
        figures["send_ms_p95"] = sends.At(95);
        var firstTokens = await MeasureAsync(i => () => SendAsync(http, threads[(i + 7) % Threads], streamed: true, cancellationToken), cancellationToken);
        figures["first_token_ms_p50"] = firstTokens.At(50);

        var history = await NewThreadAsync(app.Services, http, cancellationToken);
        await FillAsync(app.Services, history, cancellationToken);
        var random = new Random(13);
        var pages = await MeasureAsync(
            _ => async () =>
            {
                var after = random.Next(0, HistoryMessages - 50);
                var token = after == 0 ? string.Empty : "&continuation=" + new ChatListPosition("messages", ChatSessionState.MainBranch, after).Encode();
                using var page = await http.GetAsync($"/api/workflows/chat/threads/{history}/messages?limit=50{token}", cancellationToken);
                page.EnsureSuccessStatusCode();
                await page.Content.LoadIntoBufferAsync(cancellationToken);
            },
            cancellationToken);
        figures["history_page_ms_p50"] = pages.At(50);
        figures["history_page_ms_p95"] = pages.At(95);
        figures["history_messages"] = HistoryMessages;
        figures["sends"] = Samples * 2;

        await app.StopAsync(cancellationToken);
        return figures;
    }

    /// <summary>A customer and an execution row written as a start writes them, and the thread of its first step made through its route.</summary>
    private static async Task<string> NewThreadAsync(IServiceProvider services, HttpClient http, CancellationToken cancellationToken)
    {
        var seed = new BenchRecords(services);
        var workflows = await services.GetRequiredService<Engage.Functions.Workflows.Definitions.WorkflowDefinitions>().LatestAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var id = RecordId.NewCustomer();
        var customer = await seed.CustomerAsync(new Customer { PartitionKey = id, RowKey = Customer.RowKeyFor(id), Name = "Bench customer", Domain = $"{id}.bench.example.com", CreatedAt = now, UpdatedAt = now }, now, cancellationToken);
        var execution = await seed.ExecutionAsync(customer, workflows[0], now, cancellationToken);
        using var created = await http.PostAsJsonAsync("/api/workflows/chat/threads", new JsonObject { ["workflowExecutionId"] = execution.Id, ["stepId"] = execution.CurrentStepId }, cancellationToken);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["id"]!.GetValue<string>();
    }

    /// <summary>A non-streamed send read to its end, or a streamed one until its first delta.</summary>
    private static async Task SendAsync(HttpClient http, string threadId, bool streamed, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/workflows/chat/threads/{threadId}/messages")
        {
            Content = new StringContent("""{"content": "How is the renewal going?"}""", Encoding.UTF8, "application/json"),
        };
        if (streamed)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        if (!streamed)
        {
            await body.CopyToAsync(Stream.Null, cancellationToken);
            return;
        }

        var events = SseParser.Create(body).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await events.MoveNextAsync() && events.Current.EventType != ChatStream.Delta)
        {
        }

        // The rest is read so that the next send does not find the thread still replying.
        while (await events.MoveNextAsync())
        {
        }

        await events.DisposeAsync();
    }

    /// <summary><see cref="HistoryMessages"/> messages (user and reply pairs) written through the store, as sends write them.</summary>
    private static async Task FillAsync(IServiceProvider services, string threadId, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<ChatThreadStore>();
        var thread = (await store.FindAsync(threadId, cancellationToken))!;
        var main = (await store.BranchesAsync(threadId, cancellationToken))[ChatSessionState.MainBranch];
        while (thread.State.MessageCount < HistoryMessages)
        {
            var now = DateTimeOffset.UtcNow;
            var events = new List<ChatEvent>();
            var rows = new List<ChatRow>();
            for (var pair = 0; pair < PairsPerCommit && thread.State.MessageCount + rows.Count < HistoryMessages; pair++)
            {
                var seq = thread.State.MessageCount + rows.Count + 1;
                var user = ChatMessageRow.New(threadId, seq, ChatRoles.User, $"Question {seq}", main.HeadMessageId, main.Id, now);
                var reply = ChatMessageRow.New(threadId, seq + 1, ChatRoles.Assistant, $"Answer {seq + 1}", user.Id, main.Id, now);
                reply.Source = ChatReplySources.Local;
                main.HeadMessageId = reply.Id;
                main.MessageCount += 2;
                rows.AddRange([user, reply]);
                events.Add(new ChatEvent(ChatEventTypes.MessageReceived, now, "bench", "Seeded.", null, new JsonObject { ["messageId"] = user.Id, ["branchId"] = main.Id }));
                events.Add(new ChatEvent(ChatEventTypes.ReplyStarted, now, "bench", "Seeded.", null, new JsonObject { ["messageId"] = user.Id }));
                events.Add(new ChatEvent(ChatEventTypes.ReplyCompleted, now, "bench", "Seeded.", null, new JsonObject { ["messageId"] = reply.Id }));
            }

            thread = await store.CommitAsync(thread, events, [.. rows, main], cancellationToken);
        }
    }

    private static Task<Percentiles> MeasureAsync(Func<int, Func<Task>> operation, CancellationToken cancellationToken) =>
        Percentiles.OfAsync(Warmup, Samples, operation, cancellationToken);
}
