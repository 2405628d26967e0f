using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// What every command route of an execution does around its own fields: the caller, the body, the Idempotency-Key,
/// the execution as the caller may see it, <c>If-Match</c> (412), the refusal of a command that cannot apply
/// (404/409/422) before it is sent, and the answer: 200 with the execution once the orchestration applied the
/// command, 202 with it as it stands when the orchestration has not yet within <see cref="ExecutionCommandOptions.EffectWait"/>,
/// 409 when the orchestration found it no longer applies.
/// </summary>
public sealed class ExecutionCommandRunner(
    CallerIdentity identity, IdempotentCommands commands, ExecutionAccess access, ExecutionCommands sender, TimeProvider timeProvider)
{
    public const int MaxBodyBytes = 16 * 1024;
    public const int MaxReasonLength = 1000;

    /// <param name="example">A valid body, quoted when a body is no JSON object; an empty body is an empty object.</param>
    /// <param name="fields">The body's fields this command takes.</param>
    /// <param name="read">
    /// The command the body asks for, with its id and actor still to be set; null when a field is wrong (noted in the body's errors).
    /// </param>
    public async Task<IResult> RunAsync(
        HttpRequest request,
        DurableTaskClient durable,
        string executionId,
        string example,
        string[] fields,
        Func<JsonFields, Caller, ExecutionCommand?> read,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unauthorized))
        {
            return unauthorized!;
        }

        var (bytes, body, problem) = await JsonFields.ReadAsync(request, MaxBodyBytes, example, emptyIsObject: true, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        body.OnlyKnown(fields);
        var asked = read(body, caller);
        if (asked is null || !body.IsValid)
        {
            return body.Problem("The command's body is not valid; see errors.");
        }

        var commandId = Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString();
        return await commands.RunAsync(request, $"workflow-executions:{caller.UserId}", bytes, commandId, async (attempt, token) =>
        {
            var (execution, customer, notFound) = await access.FindAsync(caller, executionId, token);
            if (notFound is not null)
            {
                return notFound;
            }

            if (RecordVersions.CheckIfMatch(request, execution) is { } stale)
            {
                return stale;
            }

            var command = asked with { CommandId = attempt.ResultId, Actor = caller.UserId };

            // After a takeover the first attempt may have sent it already, and the execution moved on because of it:
            // it is sent again, and the orchestration, which knows the id, acts on it once.
            if (!attempt.MayHaveRun && ExecutionRules.Check(ExecutionState.From(execution), command, timeProvider.GetUtcNow()) is { } refusal)
            {
                return Refuse(refusal.Status, refusal.Detail);
            }

            var (after, applied) = await sender.SendAsync(durable, execution, command, token);
            if (!applied && after.LastCommandId == command.CommandId)
            {
                return Refuse(StatusCodes.Status409Conflict, $"The execution moved on before the command reached it: {after.LastCommandDetail}");
            }

            var json = ExecutionJson.ToJson(after, customer, DateOnly.FromDateTime(timeProvider.GetUtcNow().UtcDateTime));
            var etag = RecordVersions.ETag(after.Version);
            return applied
                ? CommandAnswer.Ok(json, etag)
                : new CommandAnswer(StatusCodes.Status202Accepted, json, new Dictionary<string, string> { ["ETag"] = etag, ["Location"] = $"/api/workflows/executions/{after.Id}" });
        }, cancellationToken);
    }

    /// <summary>The reason a body gives, or <paramref name="fallback"/>.</summary>
    public static string Reason(JsonFields body, string fallback) => body.Text("reason", MaxReasonLength, multiline: true) ?? fallback;

    private static IResult Refuse(int status, string detail) => TypedResults.Problem(
        detail: detail,
        statusCode: status,
        title: status switch
        {
            StatusCodes.Status404NotFound => "Not found.",
            StatusCodes.Status409Conflict => "The command does not apply to the execution as it stands.",
            _ => "The command cannot be carried out.",
        });
}
