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

    /// <summary>
    /// The <c>instanceIdPrefix</c> filter, null when absent. A prefix no instance id can start with is refused like
    /// such an id, rather than sent to the instances table, which fails a query on an over-long one.
    /// </summary>
    /// <exception cref="BadManagementRequestException">The prefix breaks a rule; the message names it.</exception>
    public static string? Prefix(string? prefix) =>
        prefix is not null && Problem(prefix, "instanceIdPrefix") is { } problem ? throw new BadManagementRequestException(problem) : prefix;

    /// <returns>Why <paramref name="id"/> cannot be an instance id, or null when it can.</returns>
    /// <param name="name">What the caller called the value, for the message.</param>
    public static string? Problem(string id, string name = "instanceId")
    {
        if (id.Length == 0)
        {
            return $"The {name} is empty.";
        }

        if (id.Length > MaxLength)
        {
            return $"The {name} has {id.Length} characters; at most {MaxLength} are allowed.";
        }

        if (id[0] == '@')
        {
            return $"An {name} cannot start with '@', which marks entity ids.";
        }

        foreach (var c in id)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                return $"The {name} contains {Describe(c)}; '/', '\\', '#', '?' and control characters are not allowed.";
            }
        }

        return null;
    }

    private static string Describe(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
}
