using Azure.Data.Tables;
using Engage.Functions.Http;
using Engage.Functions.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Workflows.Artifacts;

/// <summary>The artifact list's query: one of <c>taskId, workflowExecutionId, customerId</c> (more narrow it further), <c>type, limit, continuation</c>.</summary>
public sealed record ArtifactQuery(RecordListRequest List, string? Type)
{
    private static readonly (string, string)[] IdParameters = [("customerId", RecordId.Customer), ("workflowExecutionId", RecordId.Execution), ("taskId", RecordId.Task)];

    public static bool TryRead(HttpRequest request, out ArtifactQuery query, out ProblemHttpResult? problem)
    {
        query = null!;
        if (!RecordListRequest.TryRead(request, RecordId.Artifact, ArtifactRecord.Kind, idRequired: true, IdParameters, out var list, out problem))
        {
            return false;
        }

        var type = QueryParameters.Text(request, "type");
        if (type is not null && !ArtifactTypes.All.Contains(type))
        {
            problem = Problems.Validation($"type must be one of {string.Join(", ", ArtifactTypes.All)}.");
            return false;
        }

        query = new ArtifactQuery(list, type);
        return true;
    }

    public string? Filter()
    {
        var filter = List.PartitionFilter;
        if (List.Id("workflowExecutionId") is { } executionId)
        {
            filter = RecordPages.And(filter, TableClient.CreateQueryFilter($"WorkflowExecutionId eq {executionId}"));
        }

        if (List.Id("taskId") is { } taskId)
        {
            filter = RecordPages.And(filter, TableClient.CreateQueryFilter($"TaskId eq {taskId}"));
        }

        return Type is null ? filter : RecordPages.And(filter, TableClient.CreateQueryFilter($"Type eq {Type}"));
    }
}
