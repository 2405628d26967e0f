using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Executions;
using Microsoft.DurableTask.Client;

namespace Engage.Functions.Workflows.Actions;

/// <summary>What an action's effect works on: the execution as read, who acts, and the id of the action run that records it.</summary>
/// <param name="ActionRunId">Also the id of the commands and records the effect makes, so a retry of the run makes the same ones.</param>
/// <param name="MayHaveRun">An earlier attempt of this run may have had the effect already.</param>
public sealed record ActionContext(
    RecordAccess Access,
    WorkflowExecution Execution,
    DurableTaskClient Durable,
    string ActionRunId,
    bool MayHaveRun,
    DateTimeOffset Now,
    string? TraceId)
{
    public string Actor => Access.Caller.UserId;

    public string CustomerId => Execution.PartitionKey;
}

/// <summary>How an effect went: its result for the action run and the execution as it then stands, or the problem that refused it.</summary>
public sealed record ActionOutcome(JsonObject? Result, WorkflowExecution Execution, IResult? Problem)
{
    public static ActionOutcome Done(JsonObject result, WorkflowExecution execution) => new(result, execution, null);

    public static ActionOutcome Refused(IResult problem, WorkflowExecution execution) => new(null, execution, problem);
}
