using Engage.Testing;

namespace Engage.Functions.Tests;

/// <summary>The real app with the pinned settings and these on top, for tests of one setting's effect.</summary>
public sealed class AppFactory(AzuriteServer azurite, params (string Key, string Value)[] settings) : AppOnAzuriteFactory(azurite)
{
    protected override IEnumerable<(string Key, string Value)> FeatureSettings => settings;
}
