using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Queue;

namespace Engage.Functions.Workflows.Executions;

/// <summary>An execution as the API answers it: the read model, and its priority as the queue ranks it today.</summary>
public static class ExecutionJson
{
    public static JsonObject ToJson(WorkflowExecution execution, Customer? customer, DateOnly today)
    {
        var json = execution.ToJson();
        json["priorityScore"] = customer is null ? null : PriorityScore.For(customer, today, execution.EscalatedAt is not null);
        return json;
    }
}
