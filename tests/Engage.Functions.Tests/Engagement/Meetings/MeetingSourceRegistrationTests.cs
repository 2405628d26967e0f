using Engage.Functions.Engagement.Meetings;
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
    [InlineData("api.fathom.ai/external/v1")]
    [InlineData("ftp://api.fathom.ai/external/v1")]
    public void A_base_url_that_is_not_an_absolute_http_url_is_refused(string baseUrl)
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddMeetingSources(
            Configuration((FathomOptions.ApiKeySetting, "secret-key-123"), (FathomOptions.BaseUrlSetting, baseUrl))));

        Assert.Contains(FathomOptions.BaseUrlSetting, e.Message);
        Assert.DoesNotContain("secret-key-123", e.Message);
    }

    private static ServiceProvider Provider(params (string Key, string? Value)[] settings) =>
        new ServiceCollection().AddLogging().AddMeetingSources(Configuration(settings)).BuildServiceProvider();

    private static IConfiguration Configuration(params (string Key, string? Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key, setting.Value)))
            .Build();
}
