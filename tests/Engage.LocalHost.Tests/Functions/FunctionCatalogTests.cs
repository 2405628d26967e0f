using Engage.LocalHost.Functions;

namespace Engage.LocalHost.Tests.Functions;

public sealed class FunctionCatalogTests
{
    [Fact]
    public void The_catalogue_next_to_the_host_holds_the_apps_functions_with_their_methods()
    {
        var catalog = FunctionCatalog.Load(AppContext.BaseDirectory);

        var start = Assert.Single(catalog.Functions, f => f.Name == "StartEngagementSummary");
        Assert.Equal("httpTrigger", start.Trigger.Type);
        Assert.Equal("engagement-summary", start.Trigger.Route);
        Assert.Equal(["post"], start.Trigger.Methods);
        Assert.Equal("StartAsync", start.Method.Name);
    }
}
