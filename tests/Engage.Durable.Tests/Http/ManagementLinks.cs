using System.Text.Json;

namespace Engage.Durable.Tests.Http;

/// <summary>The links of a check-status body, read as a client reads them.</summary>
public sealed record ManagementLinks(string Id, string StatusQueryGetUri, string SendEventPostUri, string TerminatePostUri, string PurgeHistoryDeleteUri)
{
    public static ManagementLinks From(JsonElement body) => new(
        body.GetProperty("id").GetString()!,
        body.GetProperty("statusQueryGetUri").GetString()!,
        body.GetProperty("sendEventPostUri").GetString()!,
        body.GetProperty("terminatePostUri").GetString()!,
        body.GetProperty("purgeHistoryDeleteUri").GetString()!);

    public string RaiseEvent(string eventName) => SendEventPostUri.Replace("{eventName}", eventName, StringComparison.Ordinal);

    public string Terminate(string reason) => TerminatePostUri.Replace("{text}", Uri.EscapeDataString(reason), StringComparison.Ordinal);
}
