using Engage.LocalHost.Durable.Management;

namespace Engage.LocalHost.Tests.Management.Payloads;

public sealed class CheckStatusPayloadTests
{
    [Fact]
    public void Links_are_Durables_on_the_callers_origin_with_the_task_hub_and_no_key()
    {
        var links = CheckStatusPayload.For("http://127.0.0.1:7071/", "EngageHub", "run-1");

        const string instance = "http://127.0.0.1:7071/runtime/webhooks/durabletask/instances/run-1";
        const string query = "taskHub=EngageHub&connection=Storage";
        Assert.Equal("run-1", links["id"]!.GetValue<string>());
        Assert.Equal($"{instance}?{query}", links["statusQueryGetUri"]!.GetValue<string>());
        Assert.Equal($"{instance}/raiseEvent/{{eventName}}?{query}", links["sendEventPostUri"]!.GetValue<string>());
        Assert.Equal($"{instance}/terminate?reason={{text}}&{query}", links["terminatePostUri"]!.GetValue<string>());
        Assert.Equal($"{instance}?{query}", links["purgeHistoryDeleteUri"]!.GetValue<string>());
        Assert.Equal($"{instance}/restart?{query}", links["restartPostUri"]!.GetValue<string>());
        Assert.Equal($"{instance}/suspend?reason={{text}}&{query}", links["suspendPostUri"]!.GetValue<string>());
        Assert.Equal($"{instance}/resume?reason={{text}}&{query}", links["resumePostUri"]!.GetValue<string>());
        Assert.DoesNotContain("code=", links.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_id_is_escaped_in_the_links_and_kept_as_is_in_the_payload()
    {
        var links = CheckStatusPayload.For("https://engage.example/app", "EngageHub", "a b+c");

        Assert.Equal("a b+c", links["id"]!.GetValue<string>());
        Assert.StartsWith("https://engage.example/app/runtime/webhooks/durabletask/instances/a%20b%2Bc?", links["statusQueryGetUri"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
