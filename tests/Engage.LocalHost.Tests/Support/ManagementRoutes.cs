using Engage.LocalHost.Durable.Management;

namespace Engage.LocalHost.Tests.Support;

/// <summary>Paths of the Durable management API, as a client writes them.</summary>
public static class ManagementRoutes
{
    public const string Instances = DurableManagementApi.BasePath + "/instances";

    public static string Instance(string instanceId) => $"{Instances}/{Uri.EscapeDataString(instanceId)}";

    public static string Operation(string instanceId, string operation, string? reason = null) =>
        $"{Instance(instanceId)}/{operation}" + (reason is null ? string.Empty : "?reason=" + Uri.EscapeDataString(reason));

    public static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.UtcDateTime.ToString("O"));
}
