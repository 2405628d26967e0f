using System.Text.Json.Nodes;

namespace Engage.LocalHost.Durable.Management;

/// <summary>
/// The links Durable Functions answers a start or restart with (its check-status response), built on the origin
/// the caller used: each ends with <c>taskHub</c> and <c>connection</c>, and there is no <c>code</c> because the
/// local host checks no keys.
/// </summary>
public static class CheckStatusPayload
{
    /// <summary>The connection name Durable Functions puts in its links for the <c>AzureWebJobsStorage</c> account.</summary>
    public const string ConnectionName = "Storage";

    /// <param name="origin">Scheme, host and path base of the request, e.g. <c>http://127.0.0.1:7071</c>.</param>
    public static JsonObject For(string origin, string hubName, string instanceId)
    {
        var instance = $"{origin.TrimEnd('/')}{DurableManagementApi.BasePath}/instances/{Uri.EscapeDataString(instanceId)}";
        var query = $"taskHub={Uri.EscapeDataString(hubName)}&connection={ConnectionName}";
        return new JsonObject
        {
            ["id"] = instanceId,
            ["statusQueryGetUri"] = $"{instance}?{query}",
            ["sendEventPostUri"] = $"{instance}/raiseEvent/{{eventName}}?{query}",
            ["terminatePostUri"] = $"{instance}/terminate?reason={{text}}&{query}",
            ["purgeHistoryDeleteUri"] = $"{instance}?{query}",
            ["restartPostUri"] = $"{instance}/restart?{query}",
            ["suspendPostUri"] = $"{instance}/suspend?reason={{text}}&{query}",
            ["resumePostUri"] = $"{instance}/resume?reason={{text}}&{query}",
        };
    }
}
