using Engage.Storage.Tables;

namespace Engage.Durable.Http;

internal static class InstanceIds
{
    /// <summary>
    /// The instance id a route value names, checked against the engine's rules (no <c>/ \ # ?</c> or
    /// control characters, at most 512 characters). Kestrel decodes the path except an encoded slash,
    /// which reaches the route value as the text "%2F"; it is read as the '/' the caller sent, and refused.
    /// </summary>
    public static string FromRoute(string routeValue)
    {
        var instanceId = routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        try
        {
            TableKeys.Validate(instanceId, "instanceId");
        }
        catch (ArgumentException e)
        {
            throw new BadManagementRequestException(e.Message);
        }

        return instanceId;
    }
}
