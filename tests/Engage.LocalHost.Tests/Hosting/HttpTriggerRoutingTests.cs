using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Engage.LocalHost.Functions;
using Engage.LocalHost.Tests.Support;

namespace Engage.LocalHost.Tests.Hosting;

/// <summary>Each <c>httpTrigger</c> of <c>functions.metadata</c> is served under <c>/api</c> on its route and methods only.</summary>
[Collection(EngageHostCollection.Name)]
public sealed partial class HttpTriggerRoutingTests(EngageHost host)
{
    public static TheoryData<string> HttpFunctions => [.. FunctionCatalog.Load(AppContext.BaseDirectory).WithTrigger(BindingTypes.Http).Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public async Task Every_http_function_of_the_catalogue_is_invoked_on_its_route_and_methods(string name)
    {
        var function = FunctionCatalog.Load(AppContext.BaseDirectory).Functions.Single(f => f.Name == name);
        var path = "/api/" + RouteParameter().Replace(function.Trigger.Route ?? function.Name, "sample");

        Assert.NotEmpty(function.Trigger.Methods ?? []);
        foreach (var method in function.Trigger.Methods!)
        {
            var before = host.Factory.Logs.Invocations(name, "Executed").Count;
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), path);
            if (method.Equals("post", StringComparison.OrdinalIgnoreCase))
            {
                request.Content = JsonContent.Create(new { });
            }

            using var response = await host.Http.SendAsync(request);

            Assert.NotEqual(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.True(host.Factory.Logs.Invocations(name, "Executed").Count > before, $"{method} {path} answered {(int)response.StatusCode} without invoking {name}");
        }
    }

    [Theory]
    [InlineData("GET", "/api/engagement-summary")]
    [InlineData("DELETE", "/api/health")]
    [InlineData("POST", "/api/engagement-runs")]
    [InlineData("PUT", "/runtime/webhooks/durabletask/instances/anyone")]
    public async Task A_method_the_route_does_not_take_is_405_problem_json(string method, string path)
    {
        using var response = await host.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await ProblemJson.AssertStatusAsync(response, 405);
    }

    [Theory]
    [InlineData("/api/no-such-function")]
    [InlineData("/health")]
    [InlineData("/api/engagement-summary/acmecorp.com/earliest")]
    [InlineData("/runtime/webhooks/durabletask/orchestrators/EngagementAggregation")]
    public async Task An_unknown_route_is_404_problem_json(string path)
    {
        using var response = await host.Http.GetAsync(path);

        await ProblemJson.AssertStatusAsync(response, 404);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
