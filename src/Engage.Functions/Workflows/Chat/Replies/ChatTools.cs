using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Actions;
using Engage.Functions.Workflows.Artifacts;
using Engage.Functions.Workflows.Context;
using Engage.Functions.Workflows.Executions;
using Engage.Functions.Workflows.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>A tool as the model is told of it: its name, what it does, and the JSON schema of its arguments.</summary>
public sealed record ChatToolSpec(string Name, string Description, JsonObject Parameters);

/// <summary>The assistant's tools (docs/workflow-chat-tools.md).</summary>
public static class ChatTools
{
    public const string CreateTask = "create_task";
    public const string DraftEmail = "draft_email";
    public const string ExecuteSavedAction = "execute_saved_action";
    public const string ReadContext = "read_context";

    /// <summary>The saved actions the chat may run; the others (skip, send an email...) stay with the CSM's own clicks.</summary>
    public static readonly IReadOnlyList<string> SavedActions = ["snooze", "escalate", "schedule"];

    public static IReadOnlyList<ChatToolSpec> All { get; } =
    [
        new(CreateTask, "Create a task on this workflow step for the CSM (or another assignee).", Schema(
            required: ["title"],
            ("title", Text($"Short imperative title, at most {TaskDraft.MaxTitleLength} characters.")),
            ("description", Text("What to do and why.")),
            ("priority", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. TaskPriorities.All.Select(p => (JsonNode)p)]) }),
            ("dueAt", Text("When it is due, an ISO 8601 time such as 2026-05-01T09:00:00Z.")))),
        new(DraftEmail, "Draft an email to the customer; it is saved as an email_draft artifact of this workflow for the CSM to review and send.", Schema(
            required: ["subject", "body"],
            ("subject", Text("The subject line.")),
            ("body", Text("The email's text, plain, with a greeting and a sign-off.")),
            ("to", new JsonObject { ["type"] = "array", ["items"] = Text("An email address of the customer's people.") }))),
        new(ExecuteSavedAction, "Run a saved action on this workflow: snooze (params.until: ISO time), escalate (params.reason), schedule a follow-up (params.at: ISO time, params.note).", Schema(
            required: ["actionId", "params"],
            ("actionId", new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. SavedActions.Select(a => (JsonNode)a)]) }),
            ("params", new JsonObject { ["type"] = "object", ["description"] = "The action's params, such as {\"until\": \"2026-05-01T09:00:00Z\"}." }))),
        new(ReadContext, "Read the customer's full context: account, scores and trends, financials, usage, engagement, renewal and account team.", Schema(required: [])),
    ];

    private static JsonObject Text(string description) => new() { ["type"] = "string", ["description"] = description };

    private static JsonObject Schema(string[] required, params (string Name, JsonObject Schema)[] properties) => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject([.. properties.Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Schema))]),
        ["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]),
        ["additionalProperties"] = false,
    };
}

/// <summary>
/// Runs one tool call for a turn, through the same command path as the HTTP API: the body the route would take, read
/// by the route's reader, run by the route's command under an Idempotency-Key in the route's scope for the user. The
/// key is <c>chat/{threadId}/{userMessageId}/{callIndex}</c>, so a retried turn replays each call's first answer
/// instead of repeating its effect. A refusal is a failed call whose result is the problem; it never throws for one.
/// </summary>
public sealed partial class ChatToolRunner(
    IdempotentCommands commands,
    TaskService tasks,
    ArtifactService artifacts,
    SavedActionCatalog catalog,
    ActionRunner runner,
    CustomerContextReader contextReader,
    CustomerRecords records,
    TimeProvider timeProvider,
    ILogger<ChatToolRunner> logger)
{
    /// <param name="index">The call's position in the turn (all rounds), part of its Idempotency-Key.</param>
    public async Task<ChatToolCall> RunAsync(ChatTurn turn, int index, string callId, string name, string arguments, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var (parsed, invalid) = ParseArguments(arguments);
        (bool Succeeded, JsonNode? Result, string? RecordId) outcome;
        try
        {
            outcome = parsed is null
                ? (false, Problem(StatusCodes.Status400BadRequest, invalid!), null)
                : name switch
                {
                    ChatTools.CreateTask => await CreateTaskAsync(turn, index, parsed, cancellationToken),
                    ChatTools.DraftEmail => await DraftEmailAsync(turn, index, parsed, cancellationToken),
                    ChatTools.ExecuteSavedAction => await ExecuteActionAsync(turn, index, parsed, cancellationToken),
                    ChatTools.ReadContext => await ReadContextAsync(turn, cancellationToken),
                    _ => (false, Problem(StatusCodes.Status404NotFound, $"There is no tool {name}; the tools are {string.Join(", ", ChatTools.All.Select(t => t.Name))}."), null),
                };
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The model is told that the tool broke, not why: the exception could name storage details.
            LogToolFailed(e, name, turn.ThreadId);
            outcome = (false, Problem(StatusCodes.Status500InternalServerError, $"The tool failed ({e.GetType().Name}); nothing may have been changed, try again later."), null);
        }

        return new ChatToolCall(callId, name, parsed ?? [], outcome.Result, outcome.Succeeded, timeProvider.GetElapsedTime(started), outcome.RecordId);
    }

    private Task<(bool, JsonNode?, string?)> CreateTaskAsync(ChatTurn turn, int index, JsonObject arguments, CancellationToken cancellationToken) =>
        RunRouteAsync(
            turn,
            index,
            TaskFunctions.Area,
            "/api/workflows/tasks",
            WithTurn(turn, arguments, ("stepId", turn.StepId)),
            TaskDraft.ReadRequest,
            RecordId.Task,
            (draft, attempt, token) => tasks.CreateCommandAsync(turn.Access, draft, attempt, $"created by the assistant in chat {turn.ThreadId}", turn.TraceId, token),
            answer => (string?)answer?["id"],
            cancellationToken);

    private async Task<(bool, JsonNode?, string?)> DraftEmailAsync(ChatTurn turn, int index, JsonObject arguments, CancellationToken cancellationToken)
    {
        var input = new JsonFields(arguments);
        input.OnlyKnown("subject", "body", "to");
        var subject = input.Text("subject", ArtifactDraft.MaxTitleLength, required: true);
        var text = input.Text("body", ArtifactRecord.MaxContentLength / 2, required: true, multiline: true);
        if (!input.IsValid)
        {
            return Refused(input.Problem("The email is not valid; errors names each field to correct."));
        }

        var content = new JsonObject { ["subject"] = subject, ["body"] = text };
        if (arguments["to"] is JsonArray to)
        {
            content["to"] = to.DeepClone();
        }

        var body = WithTurn(turn, new JsonObject
        {
            ["type"] = ArtifactTypes.EmailDraft,
            ["title"] = subject,
            ["content"] = content,
            ["generation"] = new JsonObject { ["model"] = "chat", ["prompt"] = $"chat {turn.ThreadId}, message {turn.UserMessageId}" },
        });
        return await RunRouteAsync(
            turn,
            index,
            ArtifactFunctions.Area,
            "/api/workflows/artifacts",
            body,
            ArtifactDraft.Read,
            RecordId.Artifact,
            (draft, attempt, token) => artifacts.CreateCommandAsync(turn.Access, draft, attempt, turn.TraceId, token),
            answer => (string?)answer?["id"],
            cancellationToken);
    }

    private Task<(bool, JsonNode?, string?)> ExecuteActionAsync(ChatTurn turn, int index, JsonObject arguments, CancellationToken cancellationToken)
    {
        if (arguments["actionId"] is JsonValue id && id.TryGetValue<string>(out var actionId) && !ChatTools.SavedActions.Contains(actionId))
        {
            return Task.FromResult<(bool, JsonNode?, string?)>(
                (false, Problem(StatusCodes.Status422UnprocessableEntity, $"The chat runs only the saved actions {string.Join(", ", ChatTools.SavedActions)}; {actionId} is for the CSM to run."), null));
        }

        var body = new JsonObject
        {
            ["actionId"] = arguments["actionId"]?.DeepClone(),
            ["workflowExecutionId"] = turn.WorkflowExecutionId,
            ["params"] = arguments["params"]?.DeepClone() ?? new JsonObject(),
        };
        return RunRouteAsync(
            turn,
            index,
            ActionFunctions.Area,
            "/api/workflows/actions/execute",
            body,
            fields => ActionRequest.Read(fields, catalog.Actions, timeProvider.GetUtcNow()),
            RecordId.ActionRun,
            (action, attempt, token) => runner.ExecuteAsync(turn.Access, action, attempt, turn.Durable, turn.TraceId, token),
            answer => (string?)answer?["actionRun"]?["id"],
            cancellationToken);
    }

    private async Task<(bool, JsonNode?, string?)> ReadContextAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        var customer = await turn.Access.OwnedCustomerAsync(turn.CustomerId, cancellationToken);
        var execution = await records.FindAsync<WorkflowExecution>(turn.CustomerId, WorkflowExecution.RowKeyFor(turn.WorkflowExecutionId), cancellationToken);
        if (customer is null || execution is null)
        {
            return (false, Problem(StatusCodes.Status404NotFound, $"The context of customer {turn.CustomerId} is not visible to you."), null);
        }

        return (true, await contextReader.ReadAsync(customer, execution.EscalatedAt is not null, cancellationToken), null);
    }

    /// <summary>
    /// What the route does with <paramref name="body"/>: its reader (a refusal names each bad field), then its command
    /// under the Idempotency-Key of this call, fingerprinted as the route fingerprints the body.
    /// </summary>
    /// <param name="kind">The kind of record the command creates, for its id.</param>
    private async Task<(bool, JsonNode?, string?)> RunRouteAsync<TInput>(
        ChatTurn turn,
        int index,
        string area,
        string route,
        JsonObject body,
        Func<JsonFields, TInput?> read,
        string kind,
        Func<TInput, CommandAttempt, CancellationToken, Task<IResult>> command,
        Func<JsonNode?, string?> recordId,
        CancellationToken cancellationToken)
        where TInput : class
    {
        var fields = new JsonFields(body);
        if (read(fields) is not { } input)
        {
            return Refused(fields.Problem("The arguments are not valid; errors names each field to correct."));
        }

        var key = $"chat/{turn.ThreadId}/{turn.UserMessageId}/{index}";
        var fingerprint = IdempotentCommands.Fingerprint("POST", route, Encoding.UTF8.GetBytes(body.ToJsonString()));
        var resultId = RecordId.NewChild(kind, turn.CustomerId, timeProvider.GetUtcNow());
        var (result, _) = await commands.RunAsync(
            WorkflowRequests.Scope(area, turn.Access.Caller), key, fingerprint, resultId, (attempt, token) => command(input, attempt, token), cancellationToken);
        return result is CommandAnswer { IsSuccess: true } answer ? (true, answer.Body, recordId(answer.Body)) : Refused(result);
    }

    private static JsonObject WithTurn(ChatTurn turn, JsonObject arguments, params (string Name, string Value)[] extra)
    {
        var body = new JsonObject { ["customerId"] = turn.CustomerId, ["workflowExecutionId"] = turn.WorkflowExecutionId };
        foreach (var (name, value) in extra)
        {
            body[name] = value;
        }

        foreach (var (name, value) in arguments)
        {
            body[name] = value?.DeepClone();
        }

        return body;
    }

    /// <summary>The call's arguments through the routes' own body parser (duplicate names, unpaired surrogates refused); none is <c>{}</c>.</summary>
    private static (JsonObject? Arguments, string? Problem) ParseArguments(string arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return ([], null);
        }

        if (!JsonBody.TryParse(Encoding.UTF8.GetBytes(arguments), out var json, out var error))
        {
            return (null, error);
        }

        return json is JsonObject fields ? (fields, null) : (null, "The arguments are not a JSON object.");
    }

    /// <summary>A refusal as the model reads it: the problem+json the route would have answered.</summary>
    private static (bool, JsonNode?, string?) Refused(IResult result) => (false, result switch
    {
        ProblemHttpResult problem => JsonSerializer.SerializeToNode(problem.ProblemDetails),
        ValidationProblem validation => JsonSerializer.SerializeToNode(validation.ProblemDetails),
        CommandAnswer answer => answer.Body,
        IStatusCodeHttpResult { StatusCode: { } status } => Problem(status, "The command was refused."),
        _ => Problem(StatusCodes.Status500InternalServerError, "The command gave no answer."),
    }, null);

    private static JsonObject Problem(int status, string detail) => new() { ["status"] = status, ["detail"] = detail };

    [LoggerMessage(Level = LogLevel.Error, Message = "Chat tool {Tool} failed in thread {ThreadId}")]
    private partial void LogToolFailed(Exception exception, string tool, string threadId);
}
