using System.Text.Json;
using Engage.Functions.Accounts;
using Engage.Functions.Engagement.Aggregation;

namespace Engage.Functions.Engagement.Runs;

/// <summary>
/// The engagement feature's answer to <see cref="IAccountEngagement"/>: a domain's newest complete run, read from
/// <see cref="EngagementRunStore"/>, with the meeting count of the complete run before it.
/// </summary>
public sealed class AccountEngagementReader(EngagementRunStore runs) : IAccountEngagement
{
    public async Task<AccountEngagement?> GetLatestAsync(string domain, CancellationToken cancellationToken)
    {
        if (!CustomerDomain.TryNormalize(domain, out var normalized, out _))
        {
            return null;
        }

        var latest = await runs.GetLatestCompleteAsync(normalized, 2, cancellationToken);
        if (latest.Count == 0 || SummaryOf(latest[0]) is not { } summary)
        {
            return null;
        }

        return new AccountEngagement(
            latest[0].RowKey,
            latest[0].UpdatedAt,
            summary.MeetingsCount,
            summary.Provenance.PeriodFrom,
            summary.Provenance.PeriodTo,
            summary.Goals,
            summary.Risks,
            summary.Challenges,
            summary.Themes,
            summary.Recommendations,
            [.. summary.People.Select(p => new AccountContact(p.Name, p.Email, p.LastSeen))],
            latest.Count > 1 ? SummaryOf(latest[1])?.MeetingsCount : null,
            summary.Provenance.MeetingIds);
    }

    private static EngagementSummary? SummaryOf(EngagementRunEntity run) =>
        run.Summary is null ? null : JsonSerializer.Deserialize<EngagementSummary>(run.Summary);
}
