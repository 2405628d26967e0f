namespace Engage.Functions.Identity;

/// <summary>Who sent a request: a user id (as customers' owners and tasks' assignees name users) and their roles.</summary>
public sealed record Caller(string UserId, IReadOnlySet<string> Roles)
{
    /// <summary>The role that sees and changes every customer's records, not only the user's own.</summary>
    public const string AdminRole = "admin";

    public bool IsAdmin => Roles.Contains(AdminRole);

    /// <summary>Whether the caller may see a record owned by or assigned to <paramref name="userId"/>.</summary>
    public bool MaySee(string? userId) => IsAdmin || string.Equals(userId, UserId, StringComparison.OrdinalIgnoreCase);
}
