using Engage.Functions.Engagement.Meetings;

namespace Engage.Functions.Tests.Engagement.Meetings;

public sealed class FixtureMeetingSourceTests
{
    private static readonly TimeSpan LookBack = TimeSpan.FromDays(180);

    public static TheoryData<DateTimeOffset> Todays => new()
    {
        DateTimeOffset.UtcNow,
        FixtureMeetingSource.WrittenAsOf.AddDays(-400).AddHours(23.5),
        FixtureMeetingSource.WrittenAsOf.AddYears(5).AddHours(0.5),
    };

    [Theory]
    [MemberData(nameof(Todays))]
    public async Task Acmecorp_has_at_least_twelve_meetings_in_the_look_back_window_whatever_today_is(DateTimeOffset today)
    {
        var meetings = await MeetingsAsync("acmecorp.com", today);

        Assert.True(meetings.Count >= 12, $"{meetings.Count} meetings");
        Assert.All(meetings, meeting =>
        {
            Assert.InRange(meeting.StartedAt, today - LookBack, today);
            Assert.True(meeting.EndedAt > meeting.StartedAt);
            Assert.Contains(meeting.Invitees, invitee => invitee.Email!.EndsWith("acmecorp.com", StringComparison.Ordinal));
            Assert.InRange(meeting.Transcript.Count, 25, 60);
            Assert.InRange(meeting.Transcript.Select(line => line.Speaker).Distinct().Count(), 3, 6);
        });
    }

    [Fact]
    public async Task Acmecorp_meetings_spread_over_about_five_months()
    {
        var today = DateTimeOffset.UtcNow;
        var meetings = await MeetingsAsync("acmecorp.com", today);

        Assert.True(today - meetings[0].StartedAt > TimeSpan.FromDays(120));
        Assert.True(today - meetings[^1].StartedAt < TimeSpan.FromDays(30));
    }

    [Theory]
    [InlineData("acmecorp.com")]
    [InlineData("globex.io")]
    [InlineData("initech.com")]
    public async Task Meetings_come_oldest_first(string domain)
    {
        var meetings = await MeetingsAsync(domain, DateTimeOffset.UtcNow);

        Assert.Equal(meetings.OrderBy(meeting => meeting.StartedAt), meetings);
    }

    [Theory]
    [InlineData("globex.io")]
    [InlineData("initech.com")]
    public async Task The_other_companies_have_a_few_meetings_each(string domain)
    {
        var meetings = await MeetingsAsync(domain, DateTimeOffset.UtcNow);

        Assert.InRange(meetings.Count, 3, 5);
        Assert.All(meetings, meeting =>
        {
            Assert.Contains(meeting.Invitees, invitee => invitee.Email!.EndsWith("@" + domain, StringComparison.Ordinal));
            Assert.True(meeting.Transcript.Count >= 25);
        });
    }

    [Theory]
    [InlineData("example.org")]
    [InlineData("corp.com")]
    [InlineData("notacmecorp.com")]
    public async Task A_domain_nobody_met_has_no_meetings(string domain)
    {
        Assert.Empty(await MeetingsAsync(domain, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task An_internal_meeting_is_not_counted_as_a_customer_meeting()
    {
        var today = DateTimeOffset.UtcNow;
        var ours = await MeetingsAsync("engage-demo.io", today);
        var customers = (await MeetingsAsync("acmecorp.com", today))
            .Concat(await MeetingsAsync("globex.io", today))
            .Concat(await MeetingsAsync("initech.com", today));

        var internalOnly = Assert.Single(ours.ExceptBy(customers.Select(meeting => meeting.RecordingId), meeting => meeting.RecordingId));
        Assert.StartsWith("Internal", internalOnly.Title);
    }

    [Fact]
    public async Task Only_meetings_since_the_given_time_are_served()
    {
        var today = DateTimeOffset.UtcNow;
        var all = await MeetingsAsync("acmecorp.com", today);
        var since = today.AddDays(-45);

        var recent = await new FixtureMeetingSource(new ManualTimeProvider(today)).GetMeetingsAsync("acmecorp.com", since, CancellationToken.None);

        Assert.InRange(recent.Count, 1, all.Count - 1);
        Assert.All(recent, meeting => Assert.True(meeting.EndedAt >= since));
    }

    [Fact]
    public async Task Acmecorp_transcripts_discuss_goals_challenges_risks_and_next_steps_on_recurring_themes()
    {
        var meetings = await MeetingsAsync("acmecorp.com", DateTimeOffset.UtcNow);
        var text = string.Join('\n', meetings.SelectMany(meeting => meeting.Transcript).Select(line => line.Text));

        foreach (var cue in new[] { "our goal is", "we want to", "by Q3 we need", "the problem is", "we're struggling", "the risk is", "if this slips", "concerned that", "budget", "renewal", "Northstar", "next steps" })
        {
            Assert.Contains(cue, text, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var theme in new[] { "migration", "SSO", "board pack", "renewal" })
        {
            var mentions = meetings.Count(meeting => meeting.Transcript.Any(line => line.Text.Contains(theme, StringComparison.OrdinalIgnoreCase)));
            Assert.True(mentions >= 4, $"'{theme}' comes up in {mentions} meetings");
        }
    }

    [Fact]
    public async Task Every_speaker_who_was_invited_has_an_email_and_subdomain_invitees_count()
    {
        var meetings = await MeetingsAsync("acmecorp.com", DateTimeOffset.UtcNow);

        var anonymous = meetings.SelectMany(meeting => meeting.Transcript).Where(line => line.SpeakerEmail is null).Select(line => line.Speaker).Distinct();
        Assert.Equal(["Jonas de Vries"], anonymous);
        Assert.Contains(meetings, meeting => meeting.Invitees.Any(invitee => invitee.Email == "aisha.khan@eu.acmecorp.com"));
    }

    [Fact]
    public void Is_named_fixtures()
    {
        Assert.Equal("fixtures", new FixtureMeetingSource(TimeProvider.System).Name);
    }

    private static Task<IReadOnlyList<Meeting>> MeetingsAsync(string domain, DateTimeOffset today) =>
        new FixtureMeetingSource(new ManualTimeProvider(today)).GetMeetingsAsync(domain, today - LookBack, CancellationToken.None);
}
