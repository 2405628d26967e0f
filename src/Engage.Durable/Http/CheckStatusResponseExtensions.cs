using Engage.Durable.Client;
using Engage.Storage.Tables;
using Microsoft.AspNetCore.Http;

namespace Engage.Durable.Http;

/// <summary>What an HTTP starter answers, as Durable Functions' <c>CreateCheckStatusResponse</c> and <c>CreateHttpManagementPayload</c>.</summary>
public static class CheckStatusResponseExtensions
{
    /// <summary>
    /// Durable's default connection name. The links carry it only so they have Durable's shape; this
    /// app has one storage account and ignores the parameter.
    /// </summary>
    private const string ConnectionName = "Storage";

    /// <summary>
    /// Absolute links to the management API for <paramref name="instanceId"/>, on the scheme and host
    /// <paramref name="request"/> came in on (behind a proxy, run the forwarded-headers middleware first).
    /// <c>{eventName}</c> and <c>{text}</c> are literal placeholders for the caller to fill in.
    /// </summary>
    public static HttpManagementPayload CreateHttpManagementPayload(
        this DurableTaskClient client,
        HttpRequest request,
        string instanceId,
        bool returnInternalServerErrorOnFailure = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        TableKeys.Validate(instanceId, nameof(instanceId));
        var options = DurableHttpApiOptions.From(request.HttpContext.RequestServices);

        // EscapeDataString rather than Durable's WebUtility.UrlEncode: a '+' in a path is a plus, not a space.
        var instance = $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}"
            + $"{options.NormalizedBasePath()}/instances/{Uri.EscapeDataString(instanceId)}";
        var query = $"taskHub={Uri.EscapeDataString(client.HubName)}&connection={ConnectionName}";
        if (!string.IsNullOrEmpty(options.SystemKey))
        {
            query += "&code=" + Uri.EscapeDataString(options.SystemKey);
        }

        var status = $"{instance}?{query}";
        return new HttpManagementPayload(
            instanceId,
            returnInternalServerErrorOnFailure ? status + "&returnInternalServerErrorOnFailure=true" : status,
            $"{instance}/raiseEvent/{{eventName}}?{query}",
            $"{instance}/terminate?reason={{text}}&{query}",
            status);
    }

    /// <summary>202 Accepted with the management links as the body, <c>Location</c> = the status link and <c>Retry-After: 10</c>.</summary>
    public static IResult CreateCheckStatusResponse(
        this DurableTaskClient client,
        HttpRequest request,
        string instanceId,
        bool returnInternalServerErrorOnFailure = false)
    {
        var links = client.CreateHttpManagementPayload(request, instanceId, returnInternalServerErrorOnFailure);
        return new HeadersResult(
            Results.Json(links, ManagementJson.Options, statusCode: StatusCodes.Status202Accepted),
            ("Location", links.StatusQueryGetUri),
            ("Retry-After", "10"));
    }
}
