using System.Text.RegularExpressions;
using Engage.Functions.Engagement.Meetings;
using Engage.LocalHost.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Engage.LocalHost.Tests.Hosting;

/// <summary>Every invocation is logged under <c>Function.&lt;name&gt;</c> as the Functions host logs it.</summary>
[Collection(EngageHostCollection.Name)]
public sealed partial class InvocationLoggingTests(EngageHost host)
{
    [Fact]
    public async Task An_http_invocation_is_logged_executing_then_executed_succeeded_with_one_id_and_its_duration()
    {
        var before = host.Factory.Logs.Invocations("Health", "Executed").Count;

        using var response = await host.Http.GetAsync("/api/health");

        var executing = host.Factory.Logs.Invocations("Health", "Executing")[^1];
        var executed = host.Factory.Logs.Invocations("Health", "Executed")[before];
        Assert.Equal(LogLevel.Information, executing.Level);
        Assert.Equal(LogLevel.Information, executed.Level);
        var id = Assert.Single(InvocationId().Matches(executing.Message)).Groups[1].Value;
        Assert.Equal($"Executing 'Functions.Health' (Reason='httpTrigger', Id={id})", executing.Message);
        Assert.Matches($@"^Executed 'Functions\.Health' \(Succeeded, Id={id}, Duration=\d+ms\)$", executed.Message);
    }

    [Fact]
    public async Task A_failed_activity_is_logged_executed_failed_at_error_with_its_exception()
    {
        await host.StartFailedRunAsync("Fathom is down");

        var failed = host.Factory.Logs.Invocations("CollectMeetings", "Executed").Last(e => e.Exception is MeetingSourceException { Message: "Fathom is down" });

        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Matches(@"^Executed 'Functions\.CollectMeetings' \(Failed, Id=[0-9a-f-]{36}, Duration=\d+ms\)$", failed.Message);
        Assert.Contains(host.Factory.Logs.Invocations("CollectMeetings", "Executing"), e => e.Message.Contains("Reason='activityTrigger'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_orchestrator_which_replays_is_logged_at_debug_level_unless_it_fails()
    {
        var before = host.Factory.Logs.Entries.Count;

        await host.StartCompletedRunAsync();

        var lines = host.Factory.Logs.Entries.Skip(before).Where(e => e.Category == "Function.EngagementAggregation").ToList();
        var executing = lines.Where(e => e.Message.StartsWith("Executing 'Functions.EngagementAggregation' (Reason='orchestrationTrigger'", StringComparison.Ordinal)).ToList();
        var succeeded = lines.Where(e => e.Message.StartsWith("Executed 'Functions.EngagementAggregation' (Succeeded", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(executing);
        Assert.NotEmpty(succeeded);
        Assert.All(executing.Concat(succeeded), e => Assert.Equal(LogLevel.Debug, e.Level));
    }

    [GeneratedRegex(@"Id=([0-9a-f-]{36})\)")]
    private static partial Regex InvocationId();
}
