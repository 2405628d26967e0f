using Engage.Durable.Client;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests;

/// <summary>Polls an instance through the client until it gets somewhere.</summary>
public static class DurableTaskClientWaits
{
    /// <summary>As long as the other waits of these tests: many hubs share one Azurite, which can be slow under a full run.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static Task<OrchestrationMetadata> WaitForStatusAsync(
        this DurableTaskClient client, string instanceId, OrchestrationRuntimeStatus status, bool getInputsAndOutputs = false) =>
        client.WaitUntilAsync(instanceId, instance => instance.RuntimeStatus == status, $"reached {status}", getInputsAndOutputs);

    public static async Task<OrchestrationMetadata> WaitUntilAsync(
        this DurableTaskClient client, string instanceId, Func<OrchestrationMetadata, bool> condition, string expected, bool getInputsAndOutputs = false)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            if (await client.GetInstanceAsync(instanceId, getInputsAndOutputs) is { } instance && condition(instance))
            {
                return instance;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{instanceId} never {expected}.");
            }

            await Task.Delay(50);
        }
    }
}
