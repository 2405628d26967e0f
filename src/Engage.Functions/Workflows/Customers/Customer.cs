using System.Globalization;
using System.Text.Json.Nodes;
using Engage.Functions.Records;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// A customer account, RowKey <c>customer|{id}</c> in its own partition. <see cref="AccountPlan"/> and
/// <see cref="RenewalStage"/> are derived (<see cref="CustomerRules"/>) and stored so lists can filter on them;
/// they are recomputed on every change and daily by <see cref="CustomerRulesTimer"/>.
/// </summary>
public sealed class Customer : CustomerRecord
{
    public const string Kind = "customer";

    public override string RecordType => Kind;

    public override string Id => PartitionKey;

    public string Name { get; set; } = string.Empty;

    public string Domain { get; set; } = string.Empty;

    public string? Industry { get; set; }

    public double? Arr { get; set; }

    public double? PreviousArr { get; set; }

    public int? HealthScore { get; set; }

    /// <summary>The renewal date at midnight UTC (Table Storage has no date-only type).</summary>
    public DateTimeOffset? RenewalDate { get; set; }

    /// <summary>The user id of the CSM who owns the account; lists are scoped by it.</summary>
    public string? Owner { get; set; }

    public string? Csm { get; set; }

    public string? AccountExecutive { get; set; }

    public string? SupportEngineer { get; set; }

    public int? ActiveUsers { get; set; }

    /// <summary>Licence utilization, 0 to 1.</summary>
    public double? Utilization { get; set; }

    public int? SupportTickets { get; set; }

    /// <summary>The day of the last quarterly business review, at midnight UTC.</summary>
    public DateTimeOffset? LastQbrDate { get; set; }

    public string? AccountPlan { get; set; }

    public string? RenewalStage { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public static string RowKeyFor(string customerId) => Key(Kind, customerId);

    /// <summary>A date-only field as the API writes it, <c>yyyy-MM-dd</c>.</summary>
    public static string? DateText(DateTimeOffset? date) =>
        date is { } value ? DateOnly.FromDateTime(value.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;

    /// <summary>A copy to change, so the record as read stays the "before" of the change (with its ETag).</summary>
    public Customer Copy() => (Customer)MemberwiseClone();

    public override JsonObject ToJson() => new()
    {
        ["id"] = Id,
        ["name"] = Name,
        ["domain"] = Domain,
        ["industry"] = Industry,
        ["arr"] = Arr,
        ["previousArr"] = PreviousArr,
        ["healthScore"] = HealthScore,
        ["renewalDate"] = DateText(RenewalDate),
        ["owner"] = Owner,
        ["accountTeam"] = new JsonObject
        {
            ["csm"] = Csm,
            ["accountExecutive"] = AccountExecutive,
            ["supportEngineer"] = SupportEngineer,
        },
        ["usage"] = new JsonObject
        {
            ["activeUsers"] = ActiveUsers,
            ["utilization"] = Utilization,
        },
        ["supportTickets"] = SupportTickets,
        ["lastQbrDate"] = DateText(LastQbrDate),
        ["accountPlan"] = AccountPlan,
        ["renewalStage"] = RenewalStage,
        ["version"] = Version,
        ["createdAt"] = CreatedAt,
        ["updatedAt"] = UpdatedAt,
    };
}
