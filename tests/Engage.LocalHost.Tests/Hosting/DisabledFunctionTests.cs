using System.Net;
using Engage.Functions.Hosting;
using Engage.LocalHost.Tests.Support;
using Engage.Testing;

namespace Engage.LocalHost.Tests.Hosting;

public sealed class DisabledFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_disabled_http_function_is_404_and_the_others_still_answer()
    {
        await using var host = OwnHost.Start(azurite.Server, (FunctionSwitch.SettingFor("Health"), "true"));

        using var disabled = await host.Http.GetAsync("/api/health");
        using var enabled = await host.Http.GetAsync("/api/engagement-runs");

        await ProblemJson.AssertStatusAsync(disabled, 404);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Empty(host.Logs.Invocations("Health", "Executing"));
    }
}
