using Engage.Durable.Client;
using Engage.Durable.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Engage.Durable.Tests.Http;

/// <summary>How links are built from the request and the options, without a server.</summary>
public sealed class CheckStatusResponseTests
{
    private static readonly DurableTaskClient Client = Mock.Of<DurableTaskClient>(c => c.HubName == "EngageHub");

    [Fact]
    public void Links_use_the_request_scheme_host_and_path_base_and_carry_no_code_unless_configured()
    {
        var request = Request(services => { });

        var links = Client.CreateHttpManagementPayload(request, "run a+b");

        const string instance = "https://engage.example:8443/app/runtime/webhooks/durabletask/instances/run%20a%2Bb";
        Assert.Equal("run a+b", links.Id);
        Assert.Equal($"{instance}?taskHub=EngageHub&connection=Storage", links.StatusQueryGetUri);
        Assert.Equal($"{instance}/raiseEvent/{{eventName}}?taskHub=EngageHub&connection=Storage", links.SendEventPostUri);
        Assert.Equal($"{instance}/terminate?reason={{text}}&taskHub=EngageHub&connection=Storage", links.TerminatePostUri);
        Assert.Equal(links.StatusQueryGetUri, links.PurgeHistoryDeleteUri);
    }

    [Fact]
    public void Links_follow_the_configured_base_path_and_system_key()
    {
        var request = Request(services => services.Configure<DurableHttpApiOptions>(o =>
        {
            o.BasePath = "/api/durable/";
            o.SystemKey = "k&y";
        }));

        var links = Client.CreateHttpManagementPayload(request, "run-1");

        Assert.Equal("https://engage.example:8443/app/api/durable/instances/run-1?taskHub=EngageHub&connection=Storage&code=k%26y", links.StatusQueryGetUri);
        Assert.EndsWith("/run-1/terminate?reason={text}&taskHub=EngageHub&connection=Storage&code=k%26y", links.TerminatePostUri, StringComparison.Ordinal);
    }

    [Fact]
    public void ReturnInternalServerErrorOnFailure_goes_on_the_status_link_only()
    {
        var links = Client.CreateHttpManagementPayload(Request(services => { }), "run-1", returnInternalServerErrorOnFailure: true);

        Assert.EndsWith("&returnInternalServerErrorOnFailure=true", links.StatusQueryGetUri, StringComparison.Ordinal);
        Assert.DoesNotContain("returnInternalServerErrorOnFailure", links.PurgeHistoryDeleteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void An_id_the_engine_cannot_store_gets_no_links()
    {
        Assert.Throws<ArgumentException>(() => Client.CreateHttpManagementPayload(Request(services => { }), "a/b"));
    }

    [Fact]
    public void A_base_path_without_a_leading_slash_is_a_configuration_error()
    {
        var request = Request(services => services.Configure<DurableHttpApiOptions>(o => o.BasePath = "runtime"));

        var error = Assert.Throws<InvalidOperationException>(() => Client.CreateHttpManagementPayload(request, "run-1"));
        Assert.Contains("BasePath", error.Message, StringComparison.Ordinal);
    }

    private static HttpRequest Request(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddOptions();
        configure(services);
        var context = new DefaultHttpContext { RequestServices = services.BuildServiceProvider() };
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("engage.example", 8443);
        context.Request.PathBase = "/app";
        context.Request.Path = "/api/start";
        return context.Request;
    }
}
