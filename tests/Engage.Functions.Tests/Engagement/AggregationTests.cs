using Engage.Functions.Engagement.Aggregation;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Summaries;

namespace Engage.Functions.Tests.Engagement;

public sealed class AggregationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void People_are_the_domains_invitees_deduplicated_by_email_with_attendance_and_talk_share()
    {
        var meetings = SampleMeetings.For("acme.com", 3, Now);

        var people = PeopleAggregator.Aggregate("acme.com", meetings);

        Assert.Equal(["dana@acme.com", "lee1@acme.com", "lee0@acme.com"], people.Select(p => p.Email));
        var dana = people[0];
        Assert.Equal(("Dana Buyer", 3), (dana.Name, dana.MeetingsAttended));
        Assert.Equal((meetings[0].StartedAt, meetings[2].StartedAt), (dana.FirstSeen, dana.LastSeen));
        var words = meetings.SelectMany(m => m.Transcript).Sum(l => l.Text.Split(' ').Length);
        var danaWords = meetings.SelectMany(m => m.Transcript).Where(l => l.Speaker == "Dana Buyer").Sum(l => l.Text.Split(' ').Length);
        Assert.Equal(Math.Round((double)danaWords / words, 3), dana.TalkTimeShare);
    }

    [Fact]
    public void Subdomain_addresses_count_as_the_domain_and_lookalikes_do_not()
    {
        Assert.True(PeopleAggregator.IsFromDomain("a@eu.acme.com", "acme.com"));
        Assert.True(PeopleAggregator.IsFromDomain("A@ACME.COM", "acme.com"));
        Assert.False(PeopleAggregator.IsFromDomain("a@notacme.com", "acme.com"));
        Assert.False(PeopleAggregator.IsFromDomain("acme.com", "acme.com"));
        Assert.False(PeopleAggregator.IsFromDomain(null, "acme.com"));
    }

    [Fact]
    public void A_long_transcript_is_cut_into_excerpts_within_the_budget_at_line_boundaries()
    {
        var lines = Enumerable.Range(0, 400).Select(i => new TranscriptLine("Speaker", null, $"Line {i} " + new string('w', 90), TimeSpan.FromSeconds(i))).ToList();
        var meeting = new Meeting(7, "Long", Now, null, [new MeetingInvitee("A", "a@acme.com", true)], lines);

        var excerpts = TranscriptChunker.Chunk("acme.com", meeting, tokenBudget: 1000);

        Assert.True(excerpts.Count > 1);
        Assert.All(excerpts, e => Assert.True(e.Transcript.Length <= 4000, $"{e.Transcript.Length} chars"));
        Assert.Equal(Enumerable.Range(1, excerpts.Count), excerpts.Select(e => e.Part));
        Assert.All(excerpts, e => Assert.Equal(excerpts.Count, e.Parts));
        var joined = string.Concat(excerpts.Select(e => e.Transcript));
        Assert.Equal(400, joined.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("Speaker: Line 0 ", excerpts[0].Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public void Merging_ranks_items_by_how_often_they_come_up_and_records_provenance()
    {
        var startedAt = new Dictionary<long, DateTimeOffset> { [1] = Now.AddDays(-3), [2] = Now.AddDays(-2), [3] = Now };
        var collected = new CollectedMeetings("fixtures", [1, 2, 3], startedAt, Now.AddDays(-3), Now, [], MeetingsFound: 5, MeetingsCap: 3);
        MeetingAnalysis Analysis(long id, string generator, string? reason, params string[] risks) =>
            new(id, ["SSO rollout"], [], [], risks, [], generator, reason);

        var summary = SummaryMerger.Merge(collected,
        [
            Analysis(1, "gpt-4o-mini", null, "Renewal may slip."),
            Analysis(2, "heuristic", "llm circuit open", "renewal may slip", "Budget cut."),
            Analysis(3, "gpt-4o-mini", null, "Competitor pilot.", "Renewal  may slip!"),
        ]);

        Assert.Equal(3, summary.MeetingsCount);
        Assert.Equal(["SSO rollout"], summary.Themes);
        Assert.Equal("Renewal may slip.", summary.Risks[0]);
        Assert.Equal(3, summary.Risks.Count);
        Assert.Equal("Competitor pilot.", summary.Risks[1]);
        Assert.Equal("gpt-4o-mini", summary.Provenance.Generator);
        Assert.Equal("1 of 3 excerpts were analysed by the heuristic: llm circuit open", summary.Provenance.FallbackReason);
        Assert.Equal([1L, 2L, 3L], summary.Provenance.MeetingIds);
        Assert.Equal((5, 3), (summary.Provenance.MeetingsFound, summary.Provenance.MeetingsCap));
        Assert.Equal([[1L, 2L, 3L]], summary.ItemMeetings!.Themes);
        Assert.Equal([[1L, 2L, 3L], [3L], [2L]], summary.ItemMeetings.Risks);
        Assert.Empty(summary.ItemMeetings.Goals);
    }
}
