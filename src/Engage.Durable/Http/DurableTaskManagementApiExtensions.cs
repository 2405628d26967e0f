using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Engage.Durable.Http;

public static class DurableTaskManagementApiExtensions
{
    /// <summary>
    /// Maps Durable Functions' HTTP management API for the app's task hub under
    /// <see cref="DurableHttpApiOptions.BasePath"/>: start, status, list, raise event, terminate and
    /// purge. Suspend, resume, rewind and restart are not implemented and not mapped (404). Keys are
    /// the host's business: attach its auth level to the returned group.
    /// </summary>
    public static RouteGroupBuilder MapDurableTaskManagementApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(DurableHttpApiOptions.From(endpoints.ServiceProvider).NormalizedBasePath());
        api.AddEndpointFilter(ManagementApiFilters.AnswerBadRequests);
        api.AddEndpointFilter(ManagementApiFilters.RequireOwnTaskHub);

        api.MapPost("/orchestrators/{functionName}/{instanceId?}", InstanceCommandEndpoints.StartAsync);
        api.MapGet("/instances", InstanceQueryEndpoints.ListAsync);
        api.MapGet("/instances/{instanceId}", InstanceQueryEndpoints.GetAsync);
        api.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", InstanceCommandEndpoints.RaiseEventAsync);
        api.MapPost("/instances/{instanceId}/terminate", InstanceCommandEndpoints.TerminateAsync);
        api.MapDelete("/instances/{instanceId}", PurgeEndpoints.PurgeAsync);
        api.MapDelete("/instances", PurgeEndpoints.PurgeManyAsync);
        return api;
    }
}
