using System.Globalization;
using System.Text.Json.Nodes;
using Engage.Functions.Hosting;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// The ten customers <c>./run</c> shows (docs/workflow-customers.md): the engagement demo's acmecorp.com, globex.io
/// and initech.com among them, one renewal in each of the nine stages (and a second far out), all four account plans,
/// owned by three demo CSMs or nobody. Seeded in local development unless <c>WORKFLOW_DEMO_CUSTOMERS=false</c>.
/// </summary>
public static class DemoCustomers
{
    public const string Setting = "WORKFLOW_DEMO_CUSTOMERS";
    public const string Maya = "maya.chen@engage-demo.io";
    public const string Tom = "tom.becker@engage-demo.io";
    public const string Sofia = "sofia.marquez@engage-demo.io";

    public static readonly IReadOnlyList<DemoCustomer> All =
    [
        new("Acme Corp", "acmecorp.com", "Manufacturing", 240_000, 210_000, 82, 45, Maya, "Maya Chen", "Daniel Okafor", "Priya Raman", 410, 0.78, 3, 62, EarlierHealth: 74, EarlierUtilization: 0.71),
        new("Globex", "globex.io", "Logistics", 480_000, 520_000, 58, 12, Maya, "Maya Chen", "Daniel Okafor", "Tom Becker", 1_150, 0.64, 11, 95, EarlierHealth: 69, EarlierUtilization: 0.7),
        new("Initech", "initech.com", "Software", 65_000, 60_000, 74, 100, Tom, "Tom Becker", "Daniel Okafor", "Priya Raman", 140, 0.82, 2, 40),
        new("Hooli", "hooli.xyz", "Technology", 150_000, 150_000, 45, -5, Tom, "Tom Becker", "Sofia Marquez", "Priya Raman", 600, 0.41, 17, 130, EarlierHealth: 55),
        new("Soylent", "soylent.co", "Food and beverage", 38_000, 42_000, 52, 3, null, "Maya Chen", "Daniel Okafor", "Tom Becker", 75, 0.48, 6, 180),
        new("Massive Dynamic", "massivedynamic.com", "Research", 310_000, 250_000, 88, 22, Maya, "Maya Chen", "Sofia Marquez", "Priya Raman", 820, 0.91, 1, 30, EarlierUtilization: 0.84),
        new("Cyberdyne Systems", "cyberdyne.io", "Robotics", 90_000, 70_000, 66, 75, Sofia, "Sofia Marquez", "Daniel Okafor", "Priya Raman", 230, 0.59, 5, 70),
        new("Wonka Industries", "wonka.com", "Confectionery", 55_000, 48_000, 91, 150, Sofia, "Sofia Marquez", "Daniel Okafor", "Tom Becker", 120, 0.88, 0, 20),
        new("Stark Industries", "starkindustries.com", "Aerospace", 900_000, 820_000, 77, 240, Sofia, "Sofia Marquez", "Daniel Okafor", "Priya Raman", 2_400, 0.73, 4, 50),
        new("Tyrell Corporation", "tyrell.com", "Biotechnology", 20_000, 24_000, 61, 200, null, "Tom Becker", "Sofia Marquez", "Priya Raman", 40, 0.35, 8, 210),
    ];

    /// <summary>On in local development unless the setting says <c>false</c>; never elsewhere.</summary>
    public static bool Enabled(IConfiguration configuration)
    {
        if (!FunctionsEnvironment.IsDevelopment(configuration))
        {
            return false;
        }

        var text = SettingReader.Text(configuration[Setting]);
        return text is null || (bool.TryParse(text, out var on)
            ? on
            : throw new InvalidOperationException($"Setting {Setting} must be true or false, not '{text}'."));
    }

    /// <summary>The customer as it is first created: the earlier health and utilization where it has them.</summary>
    public static JsonObject Initial(DemoCustomer demo, DateOnly today) => new()
    {
        ["name"] = demo.Name,
        ["domain"] = demo.Domain,
        ["industry"] = demo.Industry,
        ["arr"] = demo.Arr,
        ["previousArr"] = demo.PreviousArr,
        ["healthScore"] = demo.EarlierHealth ?? demo.Health,
        ["renewalDate"] = Date(today.AddDays(demo.RenewalInDays)),
        ["owner"] = demo.Owner,
        ["accountTeam"] = new JsonObject { ["csm"] = demo.Csm, ["accountExecutive"] = demo.AccountExecutive, ["supportEngineer"] = demo.SupportEngineer },
        ["usage"] = new JsonObject { ["activeUsers"] = demo.ActiveUsers, ["utilization"] = demo.EarlierUtilization ?? demo.Utilization },
        ["supportTickets"] = demo.SupportTickets,
        ["lastQbrDate"] = Date(today.AddDays(-demo.LastQbrDaysAgo)),
    };

    /// <summary>The change to the current health and utilization, for a customer created with earlier ones; null otherwise.</summary>
    public static JsonObject? Change(DemoCustomer demo) => demo.EarlierHealth is null && demo.EarlierUtilization is null
        ? null
        : new JsonObject { ["healthScore"] = demo.Health, ["usage"] = new JsonObject { ["utilization"] = demo.Utilization } };

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
