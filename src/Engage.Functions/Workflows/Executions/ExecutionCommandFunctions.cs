using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Executions;

/// <summary>
/// The commands on one execution, each a POST that the execution's orchestration carries out
/// (<see cref="ExecutionCommandRunner"/>): complete or cancel it, complete or skip its active step, snooze it,
/// escalate it, schedule a follow-up. Saved actions send the same commands.
/// </summary>
public sealed class ExecutionCommandFunctions(ExecutionCommandRunner runner)
{
    private const string Route = "workflows/executions/{id}";

    [Function("CompleteWorkflowExecution")]
    public Task<IResult> CompleteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/complete")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id,
        CancellationToken cancellationToken) =>
        runner.RunAsync(request, durable, id, """{"reason": "Renewal signed early."}""", ["reason"], (body, caller) =>
            Command(ExecutionCommandKind.Complete, ExecutionCommandRunner.Reason(body, $"Completed by {caller.UserId}.")), cancellationToken);

    [Function("CancelWorkflowExecution")]
    public Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id,
        CancellationToken cancellationToken) =>
        runner.RunAsync(request, durable, id, """{"reason": "The customer is leaving."}""", ["reason"], (body, caller) =>
            Command(ExecutionCommandKind.Cancel, ExecutionCommandRunner.Reason(body, $"Cancelled by {caller.UserId}.")), cancellationToken);

    [Function("CompleteWorkflowStep")]
    public Task<IResult> CompleteStepAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/steps/{stepId}/complete")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id,
        string stepId,
        CancellationToken cancellationToken) =>
        runner.RunAsync(request, durable, id, """{"note": "Sent the deck after the call."}""", ["note", "reason"], (body, caller) =>
            Command(ExecutionCommandKind.CompleteStep, ExecutionCommandRunner.Reason(body, $"Step {stepId} completed by {caller.UserId}."), stepId, note: Note(body)), cancellationToken);

    [Function("SkipWorkflowStep")]
    public Task<IResult> SkipStepAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/steps/{stepId}/skip")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id,
        string stepId,
        CancellationToken cancellationToken) =>
        runner.RunAsync(request, durable, id, """{"reason": "Not needed this cycle."}""", ["note", "reason"], (body, caller) =>
            Command(ExecutionCommandKind.SkipStep, ExecutionCommandRunner.Reason(body, $"Step {stepId} skipped by {caller.UserId}."), stepId, note: Note(body)), cancellationToken);

    [Function("SnoozeWorkflowExecution")]
    public Task<IResult> SnoozeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/snooze")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id,
        CancellationToken cancellationToken) =>
        runner.RunAsync(request, durable, id, """{"until": "2026-05-01T09:00:00Z", "reason": "Back from leave then."}""", ["until", "reason"], (body, caller) =>
            body.Time("until", required: true) is { } until
                ? Command(ExecutionCommandKind.Snooze, ExecutionCommandRunner.Reason(body, $"Snoozed by {caller.UserId}."), until: until)
                : null, cancellationToken);

    [Function("EscalateWorkflowExecution")]
    public Task<IResult> EscalateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/escalate")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id,
        CancellationToken cancellationToken) =>
        runner.RunAsync(request, durable, id, """{"reason": "Usage halved this quarter."}""", ["reason"], (body, caller) =>
            Command(ExecutionCommandKind.Escalate, ExecutionCommandRunner.Reason(body, $"Escalated by {caller.UserId}.")), cancellationToken);

    [Function("ScheduleWorkflowFollowUp")]
    public Task<IResult> ScheduleFollowUpAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Route + "/follow-ups")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        string id,
        CancellationToken cancellationToken) =>
        runner.RunAsync(request, durable, id, """{"at": "2026-05-01T09:00:00Z", "note": "Ask about next year's budget."}""", ["at", "note", "reason"], (body, caller) =>
            body.Time("at", required: true) is { } at
                ? Command(ExecutionCommandKind.ScheduleFollowUp, ExecutionCommandRunner.Reason(body, $"Follow-up scheduled by {caller.UserId}."), until: at, note: Note(body))
                : null, cancellationToken);

    /// <summary>A command whose id and actor the runner sets.</summary>
    private static ExecutionCommand Command(string kind, string reason, string? stepId = null, DateTimeOffset? until = null, string? note = null) =>
        new(kind, string.Empty, string.Empty, reason, stepId, until, note);

    private static string? Note(Http.JsonFields body) => body.Text("note", ExecutionCommandRunner.MaxReasonLength, multiline: true);
}
