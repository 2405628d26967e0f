using System.Text.Json.Nodes;
using Engage.Durable.Worker;
using Engage.Functions.CustomHandler;
using Engage.Functions.Keys;
using Engage.Functions.Timers;
using Engage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.CustomHandler;

/// <summary>The functions the app describes for the host match what it serves.</summary>
public sealed class FunctionCatalogTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Every_http_endpoint_is_a_forwarded_function_with_the_endpoint_s_route_methods_and_auth_level()
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);
        var (endpoints, functions) = Describe(factory);

        var served = endpoints.Where(e => e.Metadata.GetMetadata<InvokedFunctionMetadata>() is null).ToList();
        Assert.NotEmpty(served);
        foreach (var endpoint in served)
        {
            var route = endpoint.RoutePattern.RawText!.TrimStart('/');
            Assert.StartsWith("api/", route, StringComparison.Ordinal);
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m => m.ToLowerInvariant());
            var level = FunctionBindings.AuthLevelName(endpoint.Metadata.GetMetadata<AuthLevelAttribute>()?.Level ?? AuthorizationLevel.Function);
            var function = Assert.Single(functions, f => Trigger(f)["route"]?.GetValue<string>() == route["api/".Length..] && Methods(f).SequenceEqual(methods));
            Assert.Equal(level, Trigger(function)["authLevel"]!.GetValue<string>());
            Assert.Equal(["httpTrigger", "http"], function.Bindings.Select(b => b!["type"]!.GetValue<string>()));
        }

        Assert.Equal(served.Count, functions.Count(f => Trigger(f)["type"]!.GetValue<string>() == "httpTrigger"));
        Assert.Equal("anonymous", AuthLevel(functions, "GetHealth"));
        Assert.Equal("function", AuthLevel(functions, "PostEngagementSummary"));
        Assert.Equal("function", AuthLevel(functions, "GetEngagementStatus"));
        Assert.Equal("function", AuthLevel(functions, "GetDurabletaskInstancesInstanceId"));
        Assert.Equal("admin", AuthLevel(functions, "GetEngagementRuns"));
        Assert.DoesNotContain(functions, f => Trigger(f)["route"]?.GetValue<string>() is { } r && (r.StartsWith("admin", StringComparison.OrdinalIgnoreCase) || r.StartsWith("runtime", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Timers_and_the_hub_s_queues_are_functions_bound_through_app_settings_with_an_invocation_route_each()
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);
        var (endpoints, functions) = Describe(factory);
        var dispatcher = factory.Services.GetRequiredService<DurableTaskDispatcher>();

        Assert.Equal("%ENGAGEMENT_RETENTION_CRON%", Trigger(Named(functions, "EngagementRetention"))["schedule"]!.GetValue<string>());
        foreach (var timer in factory.Services.GetServices<ITimerFunction>())
        {
            Assert.Equal($"%{timer.ScheduleSetting}%", Trigger(Named(functions, timer.Name))["schedule"]!.GetValue<string>());
        }

        var hubQueues = dispatcher.ControlQueueNames.Append(dispatcher.WorkItemQueueName).ToList();
        var queueFunctions = functions.Where(f => Trigger(f)["type"]!.GetValue<string>() == "queueTrigger").ToList();
        Assert.Equal(["DurableControl00", "DurableControl01", "DurableControl02", "DurableControl03", "DurableWorkItems"], queueFunctions.Select(f => f.Name));
        Assert.Equal(
            hubQueues,
            queueFunctions.Select(f => Trigger(f)["queueName"]!.GetValue<string>().Replace("%DURABLE_TASK_HUB%", factory.HubName, StringComparison.Ordinal).ToLowerInvariant()));
        Assert.All(queueFunctions, f => Assert.Equal("AzureWebJobsStorage", Trigger(f)["connection"]!.GetValue<string>()));

        var invocationRoutes = endpoints.Where(e => e.Metadata.GetMetadata<InvokedFunctionMetadata>() is not null).Select(e => e.RoutePattern.RawText).ToHashSet();
        Assert.Contains("/", invocationRoutes);
        Assert.All(functions.Where(f => Trigger(f)["type"]!.GetValue<string>() != "httpTrigger"), f => Assert.Contains("/" + f.Name, invocationRoutes));
    }

    [Fact]
    public void Endpoints_the_host_cannot_route_and_clashing_names_are_refused()
    {
        var catalog = new FunctionCatalog([], []);

        var outside = Assert.Throws<InvalidOperationException>(() => catalog.Describe([Endpoint("/status", "GET")]));
        var reserved = Assert.Throws<InvalidOperationException>(() => catalog.Describe([Endpoint("/api/admin/keys", "GET")]));
        var clash = Assert.Throws<InvalidOperationException>(() => catalog.Describe([Endpoint("/api/a-b", "GET"), Endpoint("/api/a/{b}", "GET")]));

        Assert.Contains("outside /api/", outside.Message);
        Assert.Contains("'admin'", reserved.Message);
        Assert.Contains("'GetAB'", clash.Message);
        Assert.Equal("Status", Assert.Single(catalog.Describe([Endpoint("/api/a/{b}", "GET", name: "Status")])).Name);
    }

    private static (IReadOnlyList<RouteEndpoint> Endpoints, IReadOnlyList<FunctionDefinition> Functions) Describe(CustomHandlerAppFactory factory)
    {
        factory.CreateClient().Dispose();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        return (endpoints, factory.Services.GetRequiredService<FunctionCatalog>().Describe(endpoints));
    }

    private static RouteEndpoint Endpoint(string pattern, string method, string? name = null)
    {
        var builder = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), order: 0);
        builder.Metadata.Add(new HttpMethodMetadata([method]));
        if (name is not null)
        {
            builder.Metadata.Add(new EndpointNameMetadata(name));
        }

        return (RouteEndpoint)builder.Build();
    }

    private static FunctionDefinition Named(IEnumerable<FunctionDefinition> functions, string name) => Assert.Single(functions, f => f.Name == name);

    private static string AuthLevel(IEnumerable<FunctionDefinition> functions, string name) => Trigger(Named(functions, name))["authLevel"]!.GetValue<string>();

    private static JsonObject Trigger(FunctionDefinition function) => function.Bindings[0]!.AsObject();

    private static IEnumerable<string> Methods(FunctionDefinition function) =>
        Trigger(function)["methods"]?.AsArray().Select(m => m!.GetValue<string>()) ?? [];
}
