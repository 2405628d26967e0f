using Engage.Functions.Engagement.Meetings;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static Engage.Functions.Tests.Engagement.Meetings.FathomMeetings;

namespace Engage.Functions.Tests.Engagement.Meetings;

public sealed class MeetingSourceRegistrationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Without_a_Fathom_key_the_demo_dataset_serves(string? key)
    {
        using var provider = Provider((FathomOptions.ApiKeySetting, key));

        Assert.IsType<FixtureMeetingSource>(provider.GetRequiredService<IMeetingSource>());
    }

    [Fact]
    public async Task With_a_Fathom_key_Fathom_serves_through_the_registered_client()
    {
        await using var fathom = await FakeFathomServer.StartAsync();
        fathom.Enqueue(FakeFathomServer.Page([AcmeMeeting(5, daysAgo: 3)]));
        await using var provider = Provider(
            (FathomOptions.ApiKeySetting, $" {FakeFathomServer.ApiKey} "),
            (FathomOptions.BaseUrlSetting, fathom.BaseUrl.ToString()));

        var source = provider.GetRequiredService<IMeetingSource>();
        var meetings = await source.GetMeetingsAsync("acmecorp.com", Now.AddDays(-180), CancellationToken.None);

        Assert.Equal("fathom", source.Name);
        Assert.Equal(5, Assert.Single(meetings).RecordingId);
        Assert.Equal(FakeFathomServer.ApiKey, Assert.Single(fathom.Requests).ApiKey);
        Assert.Same(provider.GetRequiredService<FathomRateLimiter>(), provider.GetRequiredService<FathomRateLimiter>());
    }

    [Fact]
    public void Fathom_is_reached_at_its_public_address_unless_told_otherwise()
    {
        var options = FathomOptions.From(Configuration((FathomOptions.ApiKeySetting, "k")));

        Assert.Equal(new Uri("https://api.fathom.ai/external/v1"), options.BaseUrl);
    }

    [Theory]
    [InlineData("api.fathom.ai/external/v1", "absolute http(s) URL")]
    [InlineData("ftp://api.fathom.ai/external/v1", "absolute http(s) URL")]
    [InlineData("http://fathom.example.com/external/v1", "must be an https URL")]
    [InlineData("http://192.168.1.20:8080/external/v1", "must be an https URL")]
    [InlineData("http://[fd00::5]/external/v1", "must be an https URL")]
    [InlineData("http://localhost.example.com/external/v1", "must be an https URL")]
    public void A_base_url_that_is_not_https_or_plain_http_to_this_machine_is_refused(string baseUrl, string reason)
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddMeetingSources(
            Configuration((FathomOptions.ApiKeySetting, "secret-key-123"), (FathomOptions.BaseUrlSetting, baseUrl))));

        Assert.Contains(FathomOptions.BaseUrlSetting, e.Message);
        Assert.Contains(reason, e.Message);
        Assert.DoesNotContain("secret-key-123", e.Message);
    }

    [Theory]
    [InlineData("http://localhost:8080/external/v1")]
    [InlineData("http://127.0.0.1:8080/external/v1")]
    [InlineData("http://127.20.30.40/external/v1")]
    [InlineData("http://[::1]:8080/external/v1")]
    [InlineData("https://fathom-proxy.example.com/external/v1")]
    public void Https_or_plain_http_to_this_machine_is_accepted(string baseUrl)
    {
        var options = FathomOptions.From(Configuration((FathomOptions.ApiKeySetting, "k"), (FathomOptions.BaseUrlSetting, baseUrl)));

        Assert.Equal(new Uri(baseUrl), options.BaseUrl);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_key_never_reaches_the_other_server_and_the_message_says_what_to_set()
    {
        await using var fathom = await FakeFathomServer.StartAsync();
        await using var elsewhere = await FakeFathomServer.StartAsync();
        fathom.Enqueue(FakeFathomServer.Status(StatusCodes.Status302Found, ("Location", elsewhere.BaseUrl + "/meetings")));
        await using var provider = Provider(
            (FathomOptions.ApiKeySetting, FakeFathomServer.ApiKey),
            (FathomOptions.BaseUrlSetting, fathom.BaseUrl.ToString()));

        var e = await Assert.ThrowsAsync<MeetingSourceException>(
            () => provider.GetRequiredService<IMeetingSource>().GetMeetingsAsync("acmecorp.com", Now.AddDays(-180), CancellationToken.None));

        Assert.Empty(elsewhere.Requests);
        Assert.Single(fathom.Requests);
        Assert.Contains("redirect", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.BaseUrl.Authority, e.Message, StringComparison.Ordinal);
        Assert.Contains(FathomOptions.BaseUrlSetting, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeFathomServer.ApiKey, e.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(params (string Key, string? Value)[] settings) =>
        new ServiceCollection().AddLogging().AddMeetingSources(Configuration(settings)).BuildServiceProvider();

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, setting.Value)))
            .Build();
}
