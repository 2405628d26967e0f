using Engage.Durable.Storage;
using Engage.Storage.Tables;

namespace Engage.Durable.Client;

/// <summary>The OData filter over status rows for an instance query.</summary>
internal static class InstanceFilter
{
    public static string For(OrchestrationQuery query)
    {
        var clauses = new List<string> { TableOdataFilter.Create($"RowKey eq {InstanceStatusEntity.StatusRowKey}") };
        if (query.CreatedFrom is { } from)
        {
            clauses.Add(TableOdataFilter.Create($"CreatedTime ge {from}"));
        }

        if (query.CreatedTo is { } to)
        {
            clauses.Add(TableOdataFilter.Create($"CreatedTime le {to}"));
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            clauses.Add("(" + string.Join(" or ", statuses.Distinct().Select(s => TableOdataFilter.Create($"RuntimeStatus eq {s.ToString()}"))) + ")");
        }

        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            clauses.Add(TableOdataFilter.StartsWith("PartitionKey", query.InstanceIdPrefix));
        }

        return string.Join(" and ", clauses);
    }
}
