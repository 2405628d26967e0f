using Engage.Testing;

namespace Engage.Functions.Tests.Workflows;

/// <summary>The real app in local development mode on the test run's Azurite; tests add settings.</summary>
public sealed class WorkflowsAppFactory(AzuriteServer azurite, params (string Key, string Value)[] settings) : AppOnAzuriteFactory(azurite)
{
    protected override IEnumerable<(string Key, string Value)> FeatureSettings => settings;
}
