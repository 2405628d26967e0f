using System.Text.Json.Nodes;
using Engage.Functions.Accounts;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Queue;

namespace Engage.Functions.Workflows.Context;

/// <summary>
/// The customer context a CSM works from (docs/workflow-context.md), in the prototype's shape, from stored data only:
/// the customer, its own events (for the health and usage trends), its latest engagement summary (through
/// <see cref="IAccountEngagement"/>) and whether its work is escalated. A field with no data is null.
/// </summary>
public sealed class CustomerContextReader(CustomerRecords records, IAccountEngagement engagement, CustomerRuleOptions options, TimeProvider timeProvider)
{
    /// <param name="escalated">Whether the execution the context is for (or any open one of the customer) is escalated.</param>
    public async Task<JsonObject> ReadAsync(Customer stored, bool escalated, CancellationToken cancellationToken) =>
        (await ReadWithSummaryAsync(stored, escalated, cancellationToken)).Context;

    /// <summary>The context and the engagement summary it was read from, for a caller that needs both (the chat's grounding).</summary>
    public async Task<(JsonObject Context, AccountEngagement? Summary)> ReadWithSummaryAsync(Customer stored, bool escalated, CancellationToken cancellationToken)
    {
        var today = CustomerRules.Today(timeProvider);

        // Derived for today, so stage and days agree even before the daily rules have run.
        var customer = stored.Copy();
        CustomerRules.Derive(customer, today, options);
        var eventsTask = OwnEventsAsync(customer.Id, cancellationToken);
        var summary = await engagement.GetLatestAsync(customer.Domain, cancellationToken);
        var events = await eventsTask;
        var daysUntilRenewal = CustomerRules.DaysUntilRenewal(customer, today);

        var context = new JsonObject
        {
            ["customer"] = new JsonObject
            {
                ["id"] = customer.Id,
                ["name"] = customer.Name,
                ["domain"] = customer.Domain,
                ["industry"] = customer.Industry,
                ["arr"] = customer.Arr,
                ["renewalDate"] = Customer.DateText(customer.RenewalDate),
                ["owner"] = customer.Owner,
                ["accountPlan"] = customer.AccountPlan,
                ["healthScore"] = customer.HealthScore,
            },
            ["intelligence"] = new JsonObject
            {
                ["riskScore"] = ContextScores.Risk(customer.HealthScore, daysUntilRenewal, customer.Arr, customer.PreviousArr, summary?.Risks.Count),
                ["opportunityScore"] = ContextScores.Opportunity(customer.HealthScore, customer.Arr, customer.PreviousArr, summary?.Goals.Count, customer.Utilization),
                ["healthScore"] = customer.HealthScore,
                ["trends"] = new JsonObject
                {
                    ["health"] = FieldHistory.LastChange(events, FieldHistory.HealthScore),
                    ["usage"] = FieldHistory.LastChange(events, FieldHistory.Utilization),
                    ["engagement"] = Trend.Between(summary?.PreviousMeetingsCount, summary?.MeetingsCount),
                },
            },
            ["data"] = new JsonObject
            {
                ["financials"] = new JsonObject
                {
                    ["currentARR"] = customer.Arr,
                    ["previousARR"] = customer.PreviousArr,
                    ["trend"] = Trend.Between(customer.PreviousArr, customer.Arr),
                },
                ["usage"] = new JsonObject
                {
                    ["activeUsers"] = customer.ActiveUsers,
                    ["utilizationRate"] = customer.Utilization,
                    ["trend"] = FieldHistory.LastChange(events, FieldHistory.Utilization),
                },
                ["engagement"] = new JsonObject
                {
                    ["lastContact"] = summary?.LastMeetingAt,
                    ["qbrDate"] = Customer.DateText(customer.LastQbrDate),
                    ["supportTickets"] = customer.SupportTickets,
                },
            },
            ["workflow"] = new JsonObject
            {
                ["daysUntilRenewal"] = daysUntilRenewal,
                ["renewalStage"] = customer.RenewalStage,
                ["accountPlan"] = customer.AccountPlan,
                ["priorityScore"] = PriorityScore.For(customer, today, escalated),
            },
            ["accountTeam"] = new JsonObject
            {
                ["csm"] = customer.Csm,
                ["accountExecutive"] = customer.AccountExecutive,
                ["supportEngineer"] = customer.SupportEngineer,
            },
        };
        return (context, summary);
    }

    private async Task<List<RecordEvent>> OwnEventsAsync(string customerId, CancellationToken cancellationToken)
    {
        var events = new List<RecordEvent>();
        await foreach (var recorded in records.EventsAsync(customerId, customerId, cancellationToken))
        {
            events.Add(recorded);
        }

        return events;
    }
}
