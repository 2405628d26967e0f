using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>The chat thread routes (docs/workflow-chat.md): get or create, read, messages, send, branches, events, complete, reopen.</summary>
public sealed class ChatThreadFunctions(WorkflowRequests requests, ChatThreads chats, ChatSends sends, ChatCompletion completion)
{
    private const string Route = "workflows/chat/threads";
    private const string Area = "chat-threads";
    private const int MaxBodyBytes = 16 * 1024;
    private const string VersionExample = """{"version": 7}""";

    [Function("CreateChatThread")]
    public Task<IResult> CreateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken) =>
        requests.RunAsync(
            request,
            Area,
            MaxBodyBytes,
            """{"workflowExecutionId": "ex_0123456789abcdef_0123456789abcdef0123456789abcdef", "stepId": "outreach"}""",
            ChatThreadDraft.Read,
            draft => RecordId.TryGetCustomer(RecordId.Execution, draft.WorkflowExecutionId, out var customerId)
                ? ChatThreadAccess.ThreadIdFor(customerId, draft.WorkflowExecutionId, draft.StepId)
                : draft.WorkflowExecutionId,
            (access, draft, _, token) => chats.CreateAsync(access.Caller, draft, Problems.TraceId(request.HttpContext), token),
            cancellationToken);

    [Function("GetChatThread")]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route + "/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        Read(request, access => chats.GetAsync(access.Caller, id, cancellationToken));

    [Function("ListChatMessages")]
    public Task<IResult> ListMessagesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route + "/{id}/messages")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        Read(request, access => chats.MessagesAsync(request, access.Caller, id, cancellationToken));

    [Function("SendChatMessage")]
    public Task<IResult> SendAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/{id}/messages")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id,
        CancellationToken cancellationToken) =>
        Read(request, access => sends.SendAsync(request, access.Caller, access, durable, id, cancellationToken));

    [Function("ListChatBranches")]
    public Task<IResult> ListBranchesAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route + "/{id}/branches")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        Read(request, access => chats.BranchesAsync(access.Caller, id, cancellationToken));

    [Function("ListChatEvents")]
    public Task<IResult> ListEventsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Route + "/{id}/events")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        Read(request, access => chats.EventsAsync(request, access.Caller, id, cancellationToken));

    [Function("CompleteChatThread")]
    public Task<IResult> CompleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/{id}/complete")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id,
        CancellationToken cancellationToken) =>
        VersionCommandAsync(request, id, (caller, version, traceId, token) => completion.CompleteAsync(caller, id, version, durable, traceId, token), cancellationToken);

    [Function("ReopenChatThread")]
    public Task<IResult> ReopenAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/{id}/reopen")] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        VersionCommandAsync(request, id, (caller, version, traceId, token) => chats.ReopenAsync(caller, id, version, traceId, token), cancellationToken);

    /// <summary>A command on the thread whose optional body names the version the client read it at.</summary>
    private Task<IResult> VersionCommandAsync(
        HttpRequest request, string id, Func<Caller, int?, string, CancellationToken, Task<IResult>> command, CancellationToken cancellationToken) =>
        requests.RunAsync(
            request,
            Area,
            MaxBodyBytes,
            VersionExample,
            ReadVersion,
            _ => id,
            (access, body, _, token) => command(access.Caller, body.Version, Problems.TraceId(request.HttpContext), token),
            cancellationToken,
            emptyIsObject: true);

    private static VersionBody? ReadVersion(JsonFields fields)
    {
        fields.OnlyKnown("version");
        var version = fields.WholeNumber("version", 1, int.MaxValue);
        return fields.IsValid ? new VersionBody(version) : null;
    }

    private async Task<IResult> Read(HttpRequest request, Func<RecordAccess, Task<IResult>> read) =>
        requests.TryAccess(request, out var access, out var unauthorized) ? await read(access) : unauthorized!;

    /// <summary>A body that may name the version the client read the thread at.</summary>
    private sealed record VersionBody(int? Version);
}
