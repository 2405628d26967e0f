using Engage.Functions.Engagement.Summaries;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Engage.Functions.Tests.Engagement.Summaries;

public sealed class MeetingAnalyzerRegistrationTests
{
    private const string Key = "sk-registration-test-2718281828";

    [Fact]
    public void Without_key_base_url_or_azure_credential_only_the_heuristic_serves()
    {
        using var services = Build();

        Assert.IsType<HeuristicMeetingAnalyzer>(services.GetRequiredService<IMeetingAnalyzer>());
        var status = services.GetRequiredService<MeetingAnalyzerStatus>();
        Assert.Equal("heuristic", status.Generator);
        Assert.Null(status.Circuit);
    }

    [Theory]
    [InlineData(OpenAiSettings.ApiKeySetting, Key, "gpt-4o-mini")]
    [InlineData(OpenAiSettings.BaseUrlSetting, "http://localhost:11434/v1", "gpt-4o-mini")]
    public void A_key_or_a_base_url_puts_the_llm_behind_the_breaker(string setting, string value, string model)
    {
        using var services = Build((setting, value));

        Assert.IsType<ResilientMeetingAnalyzer>(services.GetRequiredService<IMeetingAnalyzer>());
        var status = services.GetRequiredService<MeetingAnalyzerStatus>();
        Assert.Equal(model, status.Generator);
        Assert.Equal(CircuitState.Closed, status.Circuit);
    }

    [Fact]
    public void The_azure_credential_flag_with_an_azure_v1_endpoint_uses_the_llm_under_its_deployment_name()
    {
        using var services = Build(
            (OpenAiSettings.UseAzureCredentialSetting, "true"),
            (OpenAiSettings.BaseUrlSetting, "https://contoso.openai.azure.com/openai/v1/"),
            (OpenAiSettings.ModelSetting, "summaries-deployment"));

        Assert.IsType<ResilientMeetingAnalyzer>(services.GetRequiredService<IMeetingAnalyzer>());
        Assert.Equal("summaries-deployment", services.GetRequiredService<MeetingAnalyzerStatus>().Generator);
    }

    [Fact]
    public void Registering_twice_keeps_one_analyzer()
    {
        var services = new ServiceCollection().AddLogging();
        var configuration = Configuration((OpenAiSettings.ApiKeySetting, Key));

        services.AddMeetingAnalyzer(configuration).AddMeetingAnalyzer(configuration);

        Assert.Single(services, d => d.ServiceType == typeof(IMeetingAnalyzer));
        Assert.Single(services, d => d.ServiceType == typeof(MeetingAnalyzerStatus));
    }

    [Theory]
    [InlineData(OpenAiSettings.UseAzureCredentialSetting, "true", OpenAiSettings.ApiKeySetting, Key)]
    [InlineData(OpenAiSettings.UseAzureCredentialSetting, "true", OpenAiSettings.ModelSetting, "gpt-4o")]
    [InlineData(OpenAiSettings.UseAzureCredentialSetting, "true", OpenAiSettings.BaseUrlSetting, "http://contoso.openai.azure.com/openai/v1/")]
    [InlineData(OpenAiSettings.UseAzureCredentialSetting, "yes", OpenAiSettings.ApiKeySetting, Key)]
    [InlineData(OpenAiSettings.BaseUrlSetting, "localhost:11434/v1", OpenAiSettings.ApiKeySetting, Key)]
    [InlineData(LlmResilienceOptions.TimeoutSetting, "0", OpenAiSettings.ApiKeySetting, Key)]
    [InlineData(LlmResilienceOptions.MaxRetriesSetting, "-1", OpenAiSettings.ApiKeySetting, Key)]
    [InlineData(LlmResilienceOptions.BreakDurationSetting, "soon", OpenAiSettings.ApiKeySetting, Key)]
    public void A_setting_the_analyzer_cannot_use_stops_the_start_naming_the_setting_but_not_the_key(
        string badSetting, string badValue, string otherSetting, string otherValue)
    {
        var services = new ServiceCollection().AddLogging();

        var error = Assert.Throws<InvalidOperationException>(() =>
            services.AddMeetingAnalyzer(Configuration((badSetting, badValue), (otherSetting, otherValue))));

        Assert.Contains(badSetting, error.Message);
        Assert.DoesNotContain(Key, error.Message);
    }

    private static ServiceProvider Build(params (string Key, string Value)[] settings) =>
        new ServiceCollection().AddLogging().AddMeetingAnalyzer(Configuration(settings)).BuildServiceProvider();

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
}
