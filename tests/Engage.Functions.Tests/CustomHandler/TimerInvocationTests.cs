using System.Net;
using System.Text;
using Engage.Testing;

namespace Engage.Functions.Tests.CustomHandler;

public sealed class TimerInvocationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTime Occurrence = new(2026, 11, 22, 3, 30, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_past_due_timer_runs_its_function_with_the_host_s_timer_info(bool stringified)
    {
        var timer = new RecordingTimer("SampleTimer", "SAMPLE_TIMER_CRON");
        await using var factory = new CustomHandlerAppFactory(azurite.Server) { Timers = { timer } };

        using var response = await factory.CreateClient().PostAsync("/SampleTimer", HostPayloads.Timer("SampleTimer", isPastDue: true, Occurrence, stringified));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = Assert.Single(timer.Runs);
        Assert.True(run.IsPastDue);
        Assert.Equal(new DateTimeOffset(Occurrence), run.ScheduledAt);
        var log = Assert.Single(await InvocationAnswer.ReadLogsAsync(response))!.GetValue<string>();
        Assert.Contains("past due: True", log);
    }

    [Fact]
    public async Task A_timer_without_schedule_status_runs_at_the_host_s_clock()
    {
        var timer = new RecordingTimer("SampleTimer", "SAMPLE_TIMER_CRON");
        await using var factory = new CustomHandlerAppFactory(azurite.Server) { Timers = { timer } };
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var response = await factory.CreateClient().PostAsync("/sampletimer", HostPayloads.Timer("SampleTimer", isPastDue: false, next: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = Assert.Single(timer.Runs);
        Assert.False(run.IsPastDue);
        Assert.InRange(run.ScheduledAt, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task The_real_retention_timer_answers_the_host()
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);

        using var response = await factory.CreateClient().PostAsync("/EngagementRetention", HostPayloads.Timer("EngagementRetention", isPastDue: true, Occurrence, stringified: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("EngagementRetention ran", Assert.Single(await InvocationAnswer.ReadLogsAsync(response))!.GetValue<string>());
    }

    [Fact]
    public async Task A_failing_timer_fails_the_invocation_without_its_error_text_in_the_answer()
    {
        const string secret = "password=hunter2";
        var timer = new RecordingTimer("SampleTimer", "SAMPLE_TIMER_CRON", new InvalidOperationException(secret));
        await using var factory = new CustomHandlerAppFactory(azurite.Server) { Timers = { timer } };

        using var response = await factory.CreateClient().PostAsync("/SampleTimer", HostPayloads.Timer("SampleTimer", isPastDue: false, Occurrence));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, body);
        Assert.Contains(nameof(InvalidOperationException), body);
        Assert.Contains(factory.Logs.Entries, e => e.Exception?.Message == secret);
    }

    [Fact]
    public async Task With_background_jobs_off_the_host_s_timer_does_not_run_the_function()
    {
        var timer = new RecordingTimer("SampleTimer", "SAMPLE_TIMER_CRON");
        await using var factory = new CustomHandlerAppFactory(azurite.Server, settings: [("ENABLE_BACKGROUND_JOBS", "false")]) { Timers = { timer } };

        using var response = await factory.CreateClient().PostAsync("/SampleTimer", HostPayloads.Timer("SampleTimer", isPastDue: false, Occurrence));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("skipped", Assert.Single(await InvocationAnswer.ReadLogsAsync(response))!.GetValue<string>());
        Assert.Empty(timer.Runs);
    }

    [Fact]
    public async Task A_body_that_is_no_invocation_is_refused()
    {
        var timer = new RecordingTimer("SampleTimer", "SAMPLE_TIMER_CRON");
        await using var factory = new CustomHandlerAppFactory(azurite.Server) { Timers = { timer } };

        using var response = await factory.CreateClient().PostAsync("/SampleTimer", new StringContent("[1,2]", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(timer.Runs);
    }
}
