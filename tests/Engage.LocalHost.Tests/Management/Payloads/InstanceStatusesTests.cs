using Engage.LocalHost.Durable.Management;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Tests.Management.Payloads;

public sealed class InstanceStatusesTests
{
    [Theory]
    [InlineData((int)OrchestrationRuntimeStatus.Running, false, 202)]
    [InlineData((int)OrchestrationRuntimeStatus.Pending, false, 202)]
    [InlineData((int)OrchestrationRuntimeStatus.Suspended, false, 202)]
    [InlineData(2 /* ContinuedAsNew */, false, 202)]
    [InlineData((int)OrchestrationRuntimeStatus.Completed, true, 200)]
    [InlineData((int)OrchestrationRuntimeStatus.Terminated, true, 200)]
    [InlineData(4 /* Canceled */, true, 200)]
    [InlineData((int)OrchestrationRuntimeStatus.Failed, false, 200)]
    [InlineData((int)OrchestrationRuntimeStatus.Failed, true, 500)]
    [InlineData(99, false, 500)]
    public void The_status_query_answers_as_Durable_does(int status, bool failureAsServerError, int expected) =>
        Assert.Equal(expected, InstanceStatuses.HttpStatusOf((OrchestrationRuntimeStatus)status, failureAsServerError));

    [Fact]
    public void Every_runtime_status_is_either_finished_or_in_progress()
    {
        Assert.All(Enum.GetValues<OrchestrationRuntimeStatus>(), s => Assert.True(InstanceStatuses.Finished.Contains(s) ^ InstanceStatuses.InProgress.Contains(s), s.ToString()));
    }
}
