using System.Text.Json.Nodes;
using Engage.Functions.Identity;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// The writable fields of a customer, each with how its JSON value is checked and set. The API, the JSON import and
/// the CSV import (whose columns are the fields' last names: <c>csm</c>, <c>utilization</c>) all go through this one
/// table (docs/workflow-customers.md).
/// </summary>
public static class CustomerFields
{
    public const int TextLength = 200;

    /// <summary>User ids are sign-in names (e-mail addresses): 254 characters at most, as an address is.</summary>
    public const int UserIdLength = 254;

    /// <summary>No account is worth more than this; a larger figure is a typo (or cents).</summary>
    public const double MaxArr = 1_000_000_000_000;

    public static readonly IReadOnlyList<CustomerField> All =
    [
        new("name", false, (r, p, n) => r.TryText(p, n, TextLength, required: true, out var v) ? c => c.Name = v! : null),
        new("domain", false, (r, p, n) => r.TryDomain(p, n, out var v) ? c => c.Domain = v : null),
        new("industry", false, (r, p, n) => r.TryText(p, n, TextLength, required: false, out var v) ? c => c.Industry = v : null),
        new("arr", true, (r, p, n) => r.TryNumber(p, n, 0, MaxArr, out var v) ? c => c.Arr = v : null),
        new("previousArr", true, (r, p, n) => r.TryNumber(p, n, 0, MaxArr, out var v) ? c => c.PreviousArr = v : null),
        new("healthScore", true, (r, p, n) => r.TryWholeNumber(p, n, 0, 100, out var v) ? c => c.HealthScore = v : null),
        new("renewalDate", false, (r, p, n) => r.TryDate(p, n, out var v) ? c => c.RenewalDate = v : null),
        new("owner", false, (r, p, n) => r.TryUserId(p, n, out var v) ? c => c.Owner = v : null),
        new("accountTeam.csm", false, (r, p, n) => r.TryText(p, n, TextLength, required: false, out var v) ? c => c.Csm = v : null),
        new("accountTeam.accountExecutive", false, (r, p, n) => r.TryText(p, n, TextLength, required: false, out var v) ? c => c.AccountExecutive = v : null),
        new("accountTeam.supportEngineer", false, (r, p, n) => r.TryText(p, n, TextLength, required: false, out var v) ? c => c.SupportEngineer = v : null),
        new("usage.activeUsers", true, (r, p, n) => r.TryWholeNumber(p, n, 0, int.MaxValue, out var v) ? c => c.ActiveUsers = v : null),
        new("usage.utilization", true, (r, p, n) => r.TryNumber(p, n, 0, 1, out var v) ? c => c.Utilization = v : null),
        new("supportTickets", true, (r, p, n) => r.TryWholeNumber(p, n, 0, int.MaxValue, out var v) ? c => c.SupportTickets = v : null),
        new("lastQbrDate", false, (r, p, n) => r.TryDate(p, n, out var v) ? c => c.LastQbrDate = v : null),
    ];

    public static readonly IReadOnlyDictionary<string, CustomerField> ByPath = All.ToDictionary(f => f.Path, StringComparer.Ordinal);

    /// <summary>The fields that are objects of members: patched member by member, cleared whole by null.</summary>
    public static readonly IReadOnlySet<string> Groups = new HashSet<string>(["accountTeam", "usage"], StringComparer.Ordinal);

    /// <summary>The names a request body may use at its top level.</summary>
    public static readonly IReadOnlyList<string> TopLevelNames = [.. All.Select(f => f.Path.Split('.')[0]).Distinct()];

    /// <summary>The caller as an owner is stored: user ids are compared without case, so they are kept in lower case.</summary>
    public static string OwnerId(Caller caller) => caller.UserId.ToLowerInvariant();

    /// <summary>The owner of a new customer whose fields name none: the caller, unless an admin, whose customer may stay unowned.</summary>
    public static string? DefaultOwner(Caller caller) => caller.IsAdmin ? null : OwnerId(caller);

    public static IEnumerable<string> MembersOf(string group) => All.Select(f => f.Path).Where(p => p.StartsWith(group + ".", StringComparison.Ordinal));
}

/// <summary>One writable field: its path in the JSON, whether its value is a number, and how it is read.</summary>
/// <param name="Read">Checks the value (recording any error with the reader) and returns the change it makes, or null when it is wrong.</param>
public sealed record CustomerField(string Path, bool Numeric, Func<CustomerFieldReader, string, JsonNode?, Action<Customer>?> Read)
{
    /// <summary>Its CSV column: the path's last name.</summary>
    public string Column => Path[(Path.LastIndexOf('.') + 1)..];
}
