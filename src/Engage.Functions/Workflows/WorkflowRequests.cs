using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows;

/// <summary>
/// The steps every workflow route shares, so its function states only what is its own: who is calling (401 when no
/// one is signed in), the JSON object body read with a cap and into a typed input (400 naming each bad field), and
/// the command run under its Idempotency-Key, keys scoped per area and user.
/// </summary>
public sealed class WorkflowRequests(CallerIdentity callers, IdempotentCommands commands, CustomerRecords records)
{
    /// <summary>The caller's view of the records, or false with the 401 to answer.</summary>
    public bool TryAccess(HttpRequest request, out RecordAccess access, out IResult? problem)
    {
        access = null!;
        problem = null;
        if (!callers.TryRead(request, out var caller, out var unauthorized))
        {
            problem = unauthorized;
            return false;
        }

        access = new RecordAccess(records, caller);
        return true;
    }

    /// <summary>One record the caller may see, with its ETag; <paramref name="notFound"/> when <paramref name="find"/> finds none.</summary>
    public async Task<IResult> ReadAsync<TRecord>(
        HttpRequest request,
        Func<RecordAccess, CancellationToken, Task<TRecord?>> find,
        Func<TRecord, JsonObject> json,
        IResult notFound,
        CancellationToken cancellationToken)
        where TRecord : CustomerRecord
    {
        if (!TryAccess(request, out var access, out var unauthorized))
        {
            return unauthorized!;
        }

        if (await find(access, cancellationToken) is not { } record)
        {
            return notFound;
        }

        RecordVersions.SetETag(request.HttpContext.Response, record);
        return TypedResults.Json(json(record));
    }

    /// <param name="area">The area whose Idempotency-Keys these are (<c>tasks</c>).</param>
    /// <param name="maxBytes">The body's cap; beyond it, 413.</param>
    /// <param name="example">A valid body, quoted when the body is no JSON object.</param>
    /// <param name="read">Reads the input from the body's fields, or returns null having refused some.</param>
    /// <param name="resultId">The id of what the command creates or changes.</param>
    /// <param name="emptyIsObject">An empty body has no fields: for a command whose every field is optional.</param>
    public async Task<IResult> RunAsync<TInput>(
        HttpRequest request,
        string area,
        int maxBytes,
        string example,
        Func<JsonFields, TInput?> read,
        Func<TInput, string> resultId,
        Func<RecordAccess, TInput, CommandAttempt, CancellationToken, Task<IResult>> command,
        CancellationToken cancellationToken,
        bool emptyIsObject = false)
        where TInput : class
    {
        if (!TryAccess(request, out var access, out var unauthorized))
        {
            return unauthorized!;
        }

        var (bytes, fields, problem) = await JsonFields.ReadAsync(request, maxBytes, example, emptyIsObject, cancellationToken);
        if (fields is null)
        {
            return problem!;
        }

        if (read(fields) is not { } input)
        {
            return fields.Problem("The request is not valid; errors names each field to correct.");
        }

        return await commands.RunAsync(request, Scope(area, access.Caller), bytes, resultId(input), (attempt, token) => command(access, input, attempt, token), cancellationToken);
    }

    /// <summary>A command with no body (a delete).</summary>
    public async Task<IResult> RunAsync(
        HttpRequest request, string area, string resultId, Func<RecordAccess, CommandAttempt, CancellationToken, Task<IResult>> command, CancellationToken cancellationToken)
    {
        if (!TryAccess(request, out var access, out var unauthorized))
        {
            return unauthorized!;
        }

        return await commands.RunAsync(request, Scope(area, access.Caller), ReadOnlyMemory<byte>.Empty, resultId, (attempt, token) => command(access, attempt, token), cancellationToken);
    }

    /// <summary>Whose Idempotency-Keys these are: one area's, one user's. A chat tool acting for the user uses the same scope.</summary>
    public static string Scope(string area, Caller caller) => $"{area}:{caller.UserId}";
}
