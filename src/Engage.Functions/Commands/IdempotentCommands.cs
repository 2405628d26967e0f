using System.Text;
using Engage.Functions.Http;

namespace Engage.Functions.Commands;

/// <summary>What a command is told about its attempt.</summary>
/// <param name="ResultId">The id of what the command creates, chosen when its key was first claimed.</param>
/// <param name="MayHaveRun">An earlier attempt with the same key may have run part of the command (it took over an expired claim).</param>
public readonly record struct CommandAttempt(string ResultId, bool MayHaveRun);

/// <summary>
/// <c>Idempotency-Key</c> handling for every command (as eShop's <c>IdentifiedCommandHandler</c>): the first request with
/// a key runs the command, a repeat with the same body gets the recorded answer with <c>Idempotent-Replayed: true</c>,
/// the same key with another body is a 422 and a repeat while the first still runs a 409. Only a successful answer spends
/// the key: a refusal (4xx) or failure frees it, so the client can correct the request and send it again.
/// Keys are scoped by the caller's scope, so two users' keys never meet.
/// </summary>
public sealed partial class IdempotentCommands(IdempotencyStore store, ILogger<IdempotentCommands> logger)
{
    public const string Header = "Idempotency-Key";

    /// <param name="scope">The endpoint and, where keys are per user, the user: keys are unique within it.</param>
    /// <param name="body">The request body, part of the fingerprint with the method and path.</param>
    /// <param name="resultId">The id the command would create; a retry that takes over an expired claim gets the first one.</param>
    public async Task<IResult> RunAsync(
        HttpRequest request,
        string scope,
        ReadOnlyMemory<byte> body,
        string resultId,
        Func<CommandAttempt, CancellationToken, Task<IResult>> command,
        CancellationToken cancellationToken)
    {
        if (!request.Headers.TryGetValue(Header, out var keys))
        {
            return await command(new CommandAttempt(resultId, false), cancellationToken);
        }

        var key = keys.ToString();
        if (key.Length is 0 or > 255 || key.Any(c => c is < ' ' or > '~'))
        {
            return Problems.Validation("Idempotency-Key must be 1 to 255 printable ASCII characters, e.g. a UUID.");
        }

        var fingerprint = Fingerprint(request.Method, $"{request.Path}{request.QueryString}", body.Span);
        var (result, replayed) = await RunAsync(scope, key, fingerprint, resultId, command, cancellationToken);
        if (replayed)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        return result;
    }

    /// <summary>
    /// The same handling for a command that does not come in as an HTTP request (a chat tool call acting for its
    /// user): the one implementation behind <see cref="RunAsync(HttpRequest, string, ReadOnlyMemory{byte}, string, Func{CommandAttempt, CancellationToken, Task{IResult}}, CancellationToken)"/>.
    /// </summary>
    /// <param name="key">A key the caller derives (1 to 255 printable ASCII characters), unique within <paramref name="scope"/>.</param>
    /// <param name="fingerprint">From <see cref="Fingerprint"/>: what makes two commands with the key the same command.</param>
    /// <returns>The command's answer, or the recorded one with <c>Replayed</c> true, or a 422 (another command) or 409 (still running).</returns>
    public async Task<(IResult Result, bool Replayed)> RunAsync(
        string scope,
        string key,
        string fingerprint,
        string resultId,
        Func<CommandAttempt, CancellationToken, Task<IResult>> command,
        CancellationToken cancellationToken)
    {
        var (decision, record) = await store.ClaimAsync(scope, key, fingerprint, resultId, cancellationToken);
        switch (decision)
        {
            case IdempotencyDecision.Replay:
                return (CommandAnswer.Replay(record), true);
            case IdempotencyDecision.Mismatch:
                return (TypedResults.Problem(
                    detail: "This Idempotency-Key was used with a different request body or on another route; use a new key for a new request.",
                    statusCode: StatusCodes.Status422UnprocessableEntity,
                    title: "Idempotency-Key reused with another request."), false);
            case IdempotencyDecision.InFlight:
                return (TypedResults.Problem(
                    detail: "A request with this Idempotency-Key is still being processed; retry shortly.",
                    statusCode: StatusCodes.Status409Conflict,
                    title: "Request with this Idempotency-Key in progress."), false);
        }

        IResult result;
        try
        {
            result = await command(new CommandAttempt(record.ResultId, decision == IdempotencyDecision.TakeOver), cancellationToken);
        }
        catch
        {
            await store.ReleaseAsync(record, CancellationToken.None);
            throw;
        }

        if (result is CommandAnswer { IsSuccess: true } answer)
        {
            await RecordAsync(record, answer);
        }
        else
        {
            await store.ReleaseAsync(record, CancellationToken.None);
        }

        return (result, false);
    }

    /// <summary>
    /// What makes two requests the same request: method, path and query, and body. The same key sent to another
    /// record or with another body is a reuse (422), never a replay of the first answer.
    /// </summary>
    public static string Fingerprint(string method, string pathAndQuery, ReadOnlySpan<byte> body) =>
        IdempotencyStore.Fingerprint([.. Encoding.UTF8.GetBytes($"{method} {pathAndQuery}\n"), .. body]);

    /// <summary>
    /// Records the answer whether or not the caller is still there: a client that hung up retries and must learn what
    /// it created. If storage fails here the claim's lease runs out, and the retry takes over with the same result id.
    /// </summary>
    private async Task RecordAsync(IdempotencyRecord record, CommandAnswer answer)
    {
        try
        {
            await store.CompleteAsync(record, answer.StatusCode, answer.Body?.ToJsonString(), answer.HeadersJson, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAnswerNotRecorded(record.PartitionKey, record.ResultId, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Scope} command ({ResultId}) succeeded, but its Idempotency-Key answer could not be recorded")]
    private partial void LogAnswerNotRecorded(string scope, string resultId, Exception exception);
}
