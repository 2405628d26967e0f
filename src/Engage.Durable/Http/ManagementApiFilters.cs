using Engage.Durable.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Durable.Http;

/// <summary>Checks every management endpoint shares.</summary>
internal static class ManagementApiFilters
{
    public static async ValueTask<object?> AnswerBadRequests(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (BadManagementRequestException e)
        {
            return ManagementProblems.BadRequest(e.Message);
        }
    }

    /// <summary>
    /// Durable's links name their task hub, and Durable serves any hub a caller names. This app serves
    /// one, so naming another is refused rather than quietly answered from the wrong hub.
    /// </summary>
    public static ValueTask<object?> RequireOwnTaskHub(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var hub = context.HttpContext.RequestServices.GetRequiredService<DurableTaskClient>().HubName;
        return context.HttpContext.Request.Text("taskHub") is { } named && !string.Equals(named, hub, StringComparison.OrdinalIgnoreCase)
            ? ValueTask.FromResult<object?>(ManagementProblems.BadRequest($"This app serves task hub '{hub}', not '{named}'."))
            : next(context);
    }
}
