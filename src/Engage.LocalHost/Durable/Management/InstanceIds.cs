namespace Engage.LocalHost.Durable.Management;

/// <summary>
/// Durable Functions' rules for an instance id: at most 256 characters, no leading '@' (entity ids), and no
/// <c>/ \ # ?</c> or control characters, which the instances table cannot key on. An id that breaks them names no
/// instance, so the API says why instead of looking it up.
/// </summary>
public static class InstanceIds
{
    public const int MaxLength = 256;

    /// <summary>
    /// The id a route value names. The server decodes the path except an encoded slash, which reaches the route
    /// value as the text <c>%2F</c>; it is read as the '/' the caller sent, and refused.
    /// </summary>
    /// <exception cref="BadManagementRequestException">The id breaks a rule; the message names it.</exception>
    public static string FromRoute(string routeValue)
    {
        var id = routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        return Problem(id) is { } problem ? throw new BadManagementRequestException(problem) : id;
    }

    /// <returns>Why <paramref name="id"/> cannot be an instance id, or null when it can.</returns>
    public static string? Problem(string id)
    {
        if (id.Length == 0)
        {
            return "The instanceId is empty.";
        }

        if (id.Length > MaxLength)
        {
            return $"The instanceId has {id.Length} characters; at most {MaxLength} are allowed.";
        }

        if (id[0] == '@')
        {
            return "An instanceId cannot start with '@', which marks entity ids.";
        }

        foreach (var c in id)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                return $"The instanceId contains {Describe(c)}; '/', '\\', '#', '?' and control characters are not allowed.";
            }
        }

        return null;
    }

    private static string Describe(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
