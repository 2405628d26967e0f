using System.Diagnostics;
using Engage.Functions.Engagement.Meetings;
using Engage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Engage.Functions.Tests.Engagement.Meetings.FathomMeetings;

namespace Engage.Functions.Tests.Engagement.Meetings;

public sealed class FathomMeetingSourceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Since = Now.AddDays(-180);

    private readonly List<ServiceProvider> _providers = [];
    private readonly CapturedLogs _logs = new();
    private FakeFathomServer _fathom = null!;

    public async Task InitializeAsync() => _fathom = await FakeFathomServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _fathom.DisposeAsync();
    }

    [Fact]
    public async Task Follows_next_cursor_over_three_pages_and_returns_every_meeting_oldest_first()
    {
        // Fathom lists newest first.
        _fathom.Enqueue(
            FakeFathomServer.Page([AcmeMeeting(30, daysAgo: 1), AcmeMeeting(29, daysAgo: 3)], nextCursor: "page-2"),
            FakeFathomServer.Page([AcmeMeeting(20, daysAgo: 20)], nextCursor: "page-3"),
            FakeFathomServer.Page([AcmeMeeting(10, daysAgo: 90)]));

        var meetings = await Source().GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None);

        Assert.Equal([10L, 20L, 29L, 30L], meetings.Select(m => m.RecordingId));
        Assert.Equal([[], ["page-2"], ["page-3"]], _fathom.Requests.Select(r => r.Values("cursor")));
    }

    [Fact]
    public async Task Sends_the_api_key_and_asks_for_the_domain_with_transcripts_created_after_since()
    {
        var since = new DateTimeOffset(2026, 1, 15, 8, 30, 0, TimeSpan.FromHours(2)).AddMilliseconds(250);

        await Source().GetMeetingsAsync("acmecorp.com", since, CancellationToken.None);

        var request = Assert.Single(_fathom.Requests);
        Assert.Equal(FakeFathomServer.ApiKey, request.ApiKey);
        Assert.Equal(["acmecorp.com"], request.Values("calendar_invitees_domains[]"));
        Assert.Contains("calendar_invitees_domains%5B%5D=acmecorp.com", request.RawQuery);
        Assert.Equal(["true"], request.Values("include_transcript"));
        Assert.Equal(["2026-01-15T06:30:00Z"], request.Values("created_after"));
        Assert.Empty(request.Values("cursor"));
    }

    [Fact]
    public async Task Keeps_only_meetings_with_an_invitee_from_the_domain_or_one_of_its_subdomains()
    {
        _fathom.Enqueue(FakeFathomServer.Page(
        [
            Meeting(1, Now.AddDays(-1), [Ours, Acme]),
            Meeting(2, Now.AddDays(-2), [Ours, Invitee("Aisha Khan", "aisha.khan@eu.acmecorp.com")]),
            Meeting(3, Now.AddDays(-3), [Ours, Invitee("Lookalike", "someone@notacmecorp.com")]),
            Meeting(4, Now.AddDays(-4), [Ours, Invitee("Nora Fitzgerald", "nora@globex.io")]),
            Meeting(5, Now.AddDays(-5), [Ours, Invitee("Shouting", "SARAH@ACMECORP.COM")]),
            Meeting(6, Now.AddDays(-6), [Ours]),
            Meeting(7, Now.AddDays(-200), [Ours, Acme]),
        ]));

        var meetings = await Source().GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None);

        Assert.Equal([5L, 2L, 1L], meetings.Select(m => m.RecordingId));
    }

    [Fact]
    public async Task Maps_the_meeting_and_finds_speaker_emails_from_the_matched_invitee_or_the_display_name()
    {
        _fathom.Enqueue(FakeFathomServer.Page(
        [
            Meeting(42, Now.AddDays(-2), [Ours, Acme, Invitee("Ravi Patel", "ravi.patel@acmecorp.com")],
            [
                Line("Sarah L. (Acme)", "Our goal is one platform by Q3.", "00:01:05", matchedEmail: "sarah.lindqvist@acmecorp.com"),
                Line("maya chen", "What is blocking you today?", "00:02:10"),
                Line("Dial-in user", "The problem is the export.", "01:02:03"),
                Line("Ravi Patel", "   ", "01:02:09"),
            ]),
        ]));

        var meeting = Assert.Single(await Source().GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None));

        Assert.Equal("Meeting 42", meeting.Title);
        Assert.Equal(Now.AddDays(-2).AddMinutes(1), meeting.StartedAt);
        Assert.Equal(Now.AddDays(-2).AddMinutes(44), meeting.EndedAt);
        Assert.Equal("https://fathom.video/calls/42", meeting.Url);
        Assert.Equal(
            [new MeetingInvitee("Maya Chen", "maya.chen@engage-demo.io", false), new MeetingInvitee("Sarah Lindqvist", "sarah.lindqvist@acmecorp.com", true), new MeetingInvitee("Ravi Patel", "ravi.patel@acmecorp.com", true)],
            meeting.Invitees);
        Assert.Equal(
            [
                new TranscriptLine("Sarah L. (Acme)", "sarah.lindqvist@acmecorp.com", "Our goal is one platform by Q3.", TimeSpan.FromSeconds(65)),
                new TranscriptLine("maya chen", "maya.chen@engage-demo.io", "What is blocking you today?", TimeSpan.FromSeconds(130)),
                new TranscriptLine("Dial-in user", null, "The problem is the export.", new TimeSpan(1, 2, 3)),
            ],
            meeting.Transcript);
    }

    [Fact]
    public async Task Retries_a_429_after_the_wait_in_Retry_After_and_then_succeeds()
    {
        _fathom.Enqueue(
            FakeFathomServer.Status(StatusCodes.Status429TooManyRequests, ("Retry-After", "1")),
            FakeFathomServer.Page([AcmeMeeting(1, daysAgo: 1)]));

        var meetings = await Source().GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None);

        Assert.Single(meetings);
        AssertWaitedBetweenRequests(TimeSpan.FromSeconds(0.95));
    }

    [Fact]
    public async Task Waits_for_RateLimit_Reset_when_a_429_has_no_Retry_After()
    {
        _fathom.Enqueue(
            FakeFathomServer.Status(StatusCodes.Status429TooManyRequests, ("RateLimit-Limit", "60"), ("RateLimit-Remaining", "0"), ("RateLimit-Reset", "1")),
            FakeFathomServer.Page([AcmeMeeting(1, daysAgo: 1)]));

        var meetings = await Source().GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None);

        Assert.Single(meetings);
        AssertWaitedBetweenRequests(TimeSpan.FromSeconds(0.95));
    }

    [Fact]
    public async Task Caps_a_long_Retry_After_at_the_maximum_retry_delay()
    {
        _fathom.Enqueue(
            FakeFathomServer.Status(StatusCodes.Status429TooManyRequests, ("Retry-After", "3600")),
            FakeFathomServer.Page([AcmeMeeting(1, daysAgo: 1)]));

        var meetings = await Source(options => options.MaxRetryDelay = TimeSpan.FromMilliseconds(200))
            .GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(meetings);
    }

    [Fact]
    public async Task Gives_up_with_a_readable_message_when_Fathom_keeps_answering_429()
    {
        _fathom.Default = FakeFathomServer.Status(StatusCodes.Status429TooManyRequests);

        var e = await Assert.ThrowsAsync<MeetingSourceException>(
            () => Source(options => options.MaxAttempts = 3).GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None));

        Assert.Equal("Fathom kept answering 429 (rate limited) after 3 attempts; try again in a minute.", e.Message);
        Assert.Equal(3, _fathom.Requests.Count);
    }

    [Fact]
    public async Task Reports_a_rejected_key_at_once_and_never_reveals_it()
    {
        var wrongKey = "wrong-key-0f9e8d7c6b";

        var e = await Assert.ThrowsAsync<MeetingSourceException>(
            () => Source(options => options.ApiKey = wrongKey).GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None));

        Assert.Equal("Fathom rejected the API key (401); check FATHOM_API_KEY.", e.Message);
        Assert.Equal(wrongKey, Assert.Single(_fathom.Requests).ApiKey);
        Assert.DoesNotContain(wrongKey, e.ToString());
        Assert.DoesNotContain(wrongKey, _logs.AllText);
    }

    [Fact]
    public async Task Logs_the_error_body_with_the_key_masked_and_says_so_without_quoting_it()
    {
        _fathom.Enqueue(FakeFathomServer.Status(
            StatusCodes.Status400BadRequest,
            $"{{\"message\":\"created_after is not a date (key {FakeFathomServer.ApiKey})\"}}"));

        var e = await Assert.ThrowsAsync<MeetingSourceException>(
            () => Source().GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None));

        Assert.Equal("Fathom refused the request (HTTP 400); the logs have Fathom's reason. Check FATHOM_API_KEY and FATHOM_BASE_URL.", e.Message);
        Assert.Contains("created_after is not a date (key ***)", _logs.AllText);
        Assert.DoesNotContain(FakeFathomServer.ApiKey, _logs.AllText);
        Assert.Single(_fathom.Requests);
    }

    [Fact]
    public async Task Retries_a_500_and_then_succeeds()
    {
        _fathom.Enqueue(
            FakeFathomServer.Status(StatusCodes.Status500InternalServerError),
            FakeFathomServer.Status(StatusCodes.Status503ServiceUnavailable),
            FakeFathomServer.Page([AcmeMeeting(7, daysAgo: 1)]));

        var meetings = await Source().GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None);

        Assert.Equal(7, Assert.Single(meetings).RecordingId);
        Assert.Equal(3, _fathom.Requests.Count);
        Assert.Contains("HTTP 500", _logs.AllText);
    }

    [Fact]
    public async Task Retries_an_attempt_that_times_out()
    {
        _fathom.Enqueue(FakeFathomServer.Silence(), FakeFathomServer.Page([AcmeMeeting(8, daysAgo: 1)]));

        var meetings = await Source(options => options.AttemptTimeout = TimeSpan.FromMilliseconds(300))
            .GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None);

        Assert.Equal(8, Assert.Single(meetings).RecordingId);
        Assert.Equal(2, _fathom.Requests.Count);
    }

    [Fact]
    public async Task Says_Fathom_could_not_be_reached_when_nothing_listens()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePorts.Next()}/external/v1");

        var e = await Assert.ThrowsAsync<MeetingSourceException>(
            () => Source(options => options.BaseUrl = closed).GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None));

        Assert.Equal("Fathom could not be reached after 3 attempts; check FATHOM_BASE_URL and the network, then try again.", e.Message);
        Assert.Contains("127.0.0.1", _logs.AllText);
    }

    [Fact]
    public async Task Stops_paging_when_Fathom_hands_out_the_same_cursor_twice()
    {
        _fathom.Default = FakeFathomServer.Page([AcmeMeeting(1, daysAgo: 1)], nextCursor: "again");

        var e = await Assert.ThrowsAsync<MeetingSourceException>(
            () => Source().GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None));

        Assert.Contains("same page cursor twice", e.Message);
        Assert.Equal(2, _fathom.Requests.Count);
    }

    [Fact]
    public async Task Stops_reading_at_the_page_cap_when_Fathom_keeps_handing_out_new_cursors()
    {
        var served = 0;
        _fathom.Default = context =>
        {
            var page = Interlocked.Increment(ref served);
            return FakeFathomServer.Page([AcmeMeeting(page, daysAgo: 1)], nextCursor: $"page-{page + 1}")(context);
        };

        var meetings = await Source(options => options.MaxPages = 7).GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None);

        Assert.Equal(7, _fathom.Requests.Count);
        Assert.Equal(7, meetings.Count);
        Assert.Contains("after 7 pages", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waits_for_the_rate_limiter_before_each_call()
    {
        var time = new ManualTimeProvider();
        var limiter = new FathomRateLimiter(2, TimeSpan.FromSeconds(60), time);
        _fathom.Enqueue(
            FakeFathomServer.Page([AcmeMeeting(3, daysAgo: 1)], nextCursor: "page-2"),
            FakeFathomServer.Page([AcmeMeeting(2, daysAgo: 2)], nextCursor: "page-3"),
            FakeFathomServer.Page([AcmeMeeting(1, daysAgo: 3)]));

        var fetching = Source(time: time, limiter: limiter).GetMeetingsAsync("acmecorp.com", Since, CancellationToken.None);
        await WaitForAsync(() => _fathom.Requests.Count >= 2);
        await Task.Delay(200);

        Assert.Equal(2, _fathom.Requests.Count);
        Assert.False(fetching.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(60));
        var meetings = await fetching.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, meetings.Count);
        Assert.Equal(3, _fathom.Requests.Count);
    }

    private FathomMeetingSource Source(Action<FathomOptions>? configure = null, TimeProvider? time = null, FathomRateLimiter? limiter = null)
    {
        var options = new FathomOptions
        {
            ApiKey = FakeFathomServer.ApiKey,
            BaseUrl = _fathom.BaseUrl,
            MaxAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        time ??= TimeProvider.System;

        var services = new ServiceCollection()
            .AddLogging(logging => logging.ClearProviders().AddProvider(_logs))
            .AddSingleton(options)
            .AddSingleton(time)
            .AddSingleton(limiter ?? new FathomRateLimiter(options.RequestsPerWindow, options.RateLimitWindow, time))
            .AddSingleton<FathomMeetingSource>();
        services.AddHttpClient();
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        return provider.GetRequiredService<FathomMeetingSource>();
    }

    private void AssertWaitedBetweenRequests(TimeSpan atLeast)
    {
        var requests = _fathom.Requests;
        Assert.Equal(2, requests.Count);
        var waited = Stopwatch.GetElapsedTime(requests[0].ArrivedAt, requests[1].ArrivedAt);
        Assert.True(waited >= atLeast, $"waited only {waited}");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "condition not met within 10 s");
            await Task.Delay(10);
        }
    }
}
