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
public sealed partial class IdempotentCommands(IdempotencyStore store, TimeProvider timeProvider, ILogger<IdempotentCommands> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    private static readonly TimeSpan FirstInFlightPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInFlightPoll = TimeSpan.FromSeconds(1);

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
        if (!TryReadKey(request, out var key, out var invalid))
        {
            return invalid!;
        }

        if (key is null)
        {
            return await command(new CommandAttempt(resultId, false), cancellationToken);
        }

        var claim = await ClaimAsync(request, scope, key, body, resultId, IdempotencyStore.ClaimLease, TimeSpan.Zero, cancellationToken);
        return await RunClaimedAsync(claim, command, cancellationToken);
    }

    /// <summary>
    /// The same handling for a command that does not come in as an HTTP request (a chat tool call acting for its user).
    /// </summary>
    /// <param name="key">A key the caller derives (1 to 255 printable ASCII characters), unique within <paramref name="scope"/>.</param>
    /// <param name="fingerprint">From <see cref="Fingerprint(string, string, ReadOnlySpan{byte})"/>: what makes two commands with the key the same command.</param>
    /// <returns>The command's answer, or the recorded one with <c>Replayed</c> true, or a 422 (another command) or 409 (still running).</returns>
    public async Task<(IResult Result, bool Replayed)> RunAsync(
        string scope,
        string key,
        string fingerprint,
        string resultId,
        Func<CommandAttempt, CancellationToken, Task<IResult>> command,
        CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(scope, key, fingerprint, resultId, IdempotencyStore.ClaimLease, TimeSpan.Zero, cancellationToken);
        return (await RunClaimedAsync(claim, command, cancellationToken), claim.Recorded is not null);
    }

    /// <summary>The recorded answer or the refusal of <paramref name="claim"/>, else the command, its answer recorded if it succeeded and the key freed if not.</summary>
    private async Task<IResult> RunClaimedAsync(CommandClaim claim, Func<CommandAttempt, CancellationToken, Task<IResult>> command, CancellationToken cancellationToken)
    {
        if (claim.Recorded is { } recorded)
        {
            return recorded;
        }

        if (claim.Refusal() is { } refused)
        {
            return refused;
        }

        IResult result;
        try
        {
            result = await command(claim.Attempt, cancellationToken);
        }
        catch
        {
            await ReleaseAsync(claim);
            throw;
        }

        if (result is CommandAnswer { IsSuccess: true } answer)
        {
            await CompleteAsync(claim, answer);
        }
        else
        {
            await ReleaseAsync(claim);
        }

        return result;
    }

    /// <summary>
    /// The request's Idempotency-Key: true with null when it has none, false with the 400 to answer when it is not 1 to
    /// 255 printable ASCII characters.
    /// </summary>
    public static bool TryReadKey(HttpRequest request, out string? key, out IResult? problem)
    {
        key = null;
        problem = null;
        if (!request.Headers.TryGetValue(Header, out var keys))
        {
            return true;
        }

        var text = keys.ToString();
        if (text.Length is 0 or > 255 || text.Any(c => c is < ' ' or > '~'))
        {
            problem = Problems.Validation("Idempotency-Key must be 1 to 255 printable ASCII characters, e.g. a UUID.");
            return false;
        }

        key = text;
        return true;
    }

    /// <summary>
    /// Claims <paramref name="key"/> for a command whose answer comes later than the request that claims it allows
    /// (a streamed chat turn): unless the claim has a <see cref="CommandClaim.Recorded"/> answer or a
    /// <see cref="CommandClaim.Refusal"/>, the caller runs the command, then <see cref="CompleteAsync"/> or
    /// <see cref="ReleaseAsync"/>. While another request holds the key, this waits up
    /// to <paramref name="waitWhileInFlight"/> for its answer (a double click gets the first click's answer rather than
    /// a 409), or for its release, which lets this request claim the key and run.
    /// </summary>
    /// <param name="lease">How long the claim is trusted to finish: longer than the command can take.</param>
    public async Task<CommandClaim> ClaimAsync(
        string scope, string key, string fingerprint, string resultId, TimeSpan lease, TimeSpan waitWhileInFlight, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + waitWhileInFlight;
        var poll = FirstInFlightPoll;
        while (true)
        {
            var (decision, record) = await store.ClaimAsync(scope, key, fingerprint, resultId, lease, cancellationToken);
            if (decision != IdempotencyDecision.InFlight || timeProvider.GetUtcNow() >= deadline)
            {
                return new CommandClaim(decision, record);
            }

            // Each poll is a refused insert and a read; backing off keeps a long wait (a chat turn) from hammering storage.
            await Task.Delay(poll, timeProvider, cancellationToken);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, MaxInFlightPoll.Ticks));
        }
    }

    /// <summary>
    /// <see cref="ClaimAsync(string, string, string, string, TimeSpan, TimeSpan, CancellationToken)"/> for a request's
    /// <paramref name="key"/> (read by <see cref="TryReadKey"/>), fingerprinted by its method, path and body; a replay
    /// is marked on the response with <c>Idempotent-Replayed: true</c>.
    /// </summary>
    public async Task<CommandClaim> ClaimAsync(
        HttpRequest request, string scope, string key, ReadOnlyMemory<byte> body, string resultId, TimeSpan lease, TimeSpan waitWhileInFlight, CancellationToken cancellationToken)
    {
        var claim = await ClaimAsync(scope, key, Fingerprint(request, body.Span), resultId, lease, waitWhileInFlight, cancellationToken);
        if (claim.Recorded is not null)
        {
            request.HttpContext.Response.Headers[ReplayedHeader] = "true";
        }

        return claim;
    }

    /// <summary>
    /// Records the answer whether or not the caller is still there: a client that hung up retries and must learn what
    /// it created. If storage fails here the claim's lease runs out, and the retry takes over with the same result id.
    /// </summary>
    public async Task CompleteAsync(CommandClaim claim, CommandAnswer answer)
    {
        try
        {
            await store.CompleteAsync(claim.Record, answer.StatusCode, answer.Body?.ToJsonString(), answer.HeadersJson, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAnswerNotRecorded(claim.Record.PartitionKey, claim.Record.ResultId, e);
        }
    }

    /// <summary>Frees the key of a command that was refused or failed, so the client can send it again with the same key.</summary>
    public async Task ReleaseAsync(CommandClaim claim)
    {
        try
        {
            await store.ReleaseAsync(claim.Record, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Its lease still runs out, after which a retry takes the key over.
            LogNotReleased(claim.Record.PartitionKey, claim.Record.ResultId, e);
        }
    }

    /// <summary>
    /// What makes two requests the same request: method, path and query, and body. The same key sent to another
    /// record or with another body is a reuse (422), never a replay of the first answer.
    /// </summary>
    public static string Fingerprint(string method, string pathAndQuery, ReadOnlySpan<byte> body) =>
        IdempotencyStore.Fingerprint([.. Encoding.UTF8.GetBytes($"{method} {pathAndQuery}\n"), .. body]);

    /// <summary><see cref="Fingerprint(string, string, ReadOnlySpan{byte})"/> of <paramref name="request"/>.</summary>
    public static string Fingerprint(HttpRequest request, ReadOnlySpan<byte> body) => Fingerprint(request.Method, $"{request.Path}{request.QueryString}", body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Scope} command ({ResultId}) succeeded, but its Idempotency-Key answer could not be recorded")]
    private partial void LogAnswerNotRecorded(string scope, string resultId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Scope} command ({ResultId}) did not succeed, and its Idempotency-Key could not be freed; it frees itself when its lease runs out")]
    private partial void LogNotReleased(string scope, string resultId, Exception exception);
}

/// <summary>A claimed Idempotency-Key: answer <see cref="Recorded"/> or <see cref="Refusal"/> when there is one, else run the command.</summary>
public sealed record CommandClaim(IdempotencyDecision Decision, IdempotencyRecord Record)
{
    public CommandAttempt Attempt => new(Record.ResultId, Decision == IdempotencyDecision.TakeOver);

    /// <summary>The recorded answer of the first request with this key, when this one is its replay.</summary>
    public CommandAnswer? Recorded => Decision == IdempotencyDecision.Replay ? CommandAnswer.Replay(Record) : null;

    /// <summary>422 for a key used with another request, 409 while the first still runs; null otherwise.</summary>
    public IResult? Refusal() => Decision switch
    {
        IdempotencyDecision.Mismatch => TypedResults.Problem(
            detail: "This Idempotency-Key was used with a different request body or on another route; use a new key for a new request.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "Idempotency-Key reused with another request."),
        IdempotencyDecision.InFlight => TypedResults.Problem(
            detail: "A request with this Idempotency-Key is still being processed; retry shortly.",
            statusCode: StatusCodes.Status409Conflict,
            title: "Request with this Idempotency-Key in progress."),
        _ => null,
    };
}
