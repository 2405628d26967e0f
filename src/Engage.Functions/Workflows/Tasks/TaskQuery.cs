using Azure.Data.Tables;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Workflows.Tasks;

/// <summary>The task list's query: <c>customerId, workflowExecutionId, assignee, status, dueBefore, limit, continuation</c>, each checked.</summary>
public sealed record TaskQuery(RecordListRequest List, string? Assignee, string? Status, DateTimeOffset? DueBefore)
{
    private static readonly (string, string)[] IdParameters = [("customerId", RecordId.Customer), ("workflowExecutionId", RecordId.Execution)];

    public static bool TryRead(HttpRequest request, out TaskQuery query, out ProblemHttpResult? problem)
    {
        query = null!;
        if (!RecordListRequest.TryRead(request, RecordId.Task, TaskRecord.Kind, idRequired: false, IdParameters, out var list, out problem))
        {
            return false;
        }

        var assignee = QueryParameters.Text(request, "assignee");
        var status = QueryParameters.Text(request, "status");
        var dueBeforeText = QueryParameters.Text(request, "dueBefore");
        DateTimeOffset dueBefore = default;
        var dueBeforeError = string.Empty;
        if (assignee is not null && (assignee.Length > WorkflowFields.MaxUserIdLength || assignee.Any(char.IsControl)))
        {
            problem = Problems.Validation($"assignee must be a user id of at most {WorkflowFields.MaxUserIdLength} characters without control characters.");
        }
        else if (status is not null && !TaskStatuses.All.Contains(status))
        {
            problem = Problems.Validation($"status must be one of {string.Join(", ", TaskStatuses.All)}.");
        }
        else if (dueBeforeText is not null && !IsoTime.TryParse(dueBeforeText, out dueBefore, out dueBeforeError))
        {
            problem = Problems.Validation("dueBefore " + dueBeforeError);
        }

        query = new TaskQuery(list, assignee?.ToLowerInvariant(), status, dueBeforeText is null ? null : dueBefore);
        return problem is null;
    }

    /// <summary>The table filter of these conditions at <paramref name="now"/> (a snooze that has ended counts as open).</summary>
    public string? Filter(DateTimeOffset now)
    {
        var filter = List.PartitionFilter;
        if (List.Id("workflowExecutionId") is { } executionId)
        {
            filter = RecordPages.And(filter, TableClient.CreateQueryFilter($"WorkflowExecutionId eq {executionId}"));
        }

        if (Assignee is not null)
        {
            filter = RecordPages.And(filter, TableClient.CreateQueryFilter($"Assignee eq {Assignee}"));
        }

        if (DueBefore is { } dueBefore)
        {
            filter = RecordPages.And(filter, TableClient.CreateQueryFilter($"DueAt lt {dueBefore}"));
        }

        return RecordPages.And(filter, Status switch
        {
            TaskStatuses.Open => TableClient.CreateQueryFilter($"Status eq {TaskStatuses.Open} or (Status eq {TaskStatuses.Snoozed} and SnoozedUntil le {now})"),
            TaskStatuses.Snoozed => TableClient.CreateQueryFilter($"Status eq {TaskStatuses.Snoozed} and SnoozedUntil gt {now}"),
            TaskStatuses.Completed => TableClient.CreateQueryFilter($"Status eq {TaskStatuses.Completed}"),
            _ => null,
        });
    }
}
