using Engage.Functions.Engagement.Summaries;
using Engage.Functions.Llm;
using Engage.Functions.Tests.Llm;
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
    public void The_api_type_alone_does_not_switch_the_llm_on()
    {
        using var services = Build((OpenAiSettings.ApiTypeSetting, "azure"));

        Assert.IsType<HeuristicMeetingAnalyzer>(services.GetRequiredService<IMeetingAnalyzer>());
    }

    [Theory]
    [InlineData("https://contoso.openai.azure.com/", "", OpenAiApiType.Azure)]
    [InlineData("https://contoso.cognitiveservices.azure.com/", "", OpenAiApiType.Azure)]
    [InlineData("https://gateway.contoso.example/aoai/", "azure", OpenAiApiType.Azure)]
    [InlineData("https://gateway.contoso.example/aoai/", " Azure ", OpenAiApiType.Azure)]
    [InlineData("https://contoso.openai.azure.com/openai/v1/", "openai", OpenAiApiType.OpenAi)]
    [InlineData("http://localhost:11434/v1", "", OpenAiApiType.OpenAi)]
    [InlineData("https://contoso.openai.azure.com.gateway.example/v1", "", OpenAiApiType.OpenAi)]
    [InlineData("https://notopenai.azure.com/v1", "", OpenAiApiType.OpenAi)]
    [InlineData("", "", OpenAiApiType.OpenAi)]
    public void The_api_type_is_the_one_set_else_azure_for_an_azure_openai_host_else_openai(string baseUrl, string apiType, OpenAiApiType expected)
    {
        var settings = OpenAiSettings.From(Configuration(
            (OpenAiSettings.ApiKeySetting, Key),
            (OpenAiSettings.BaseUrlSetting, baseUrl),
            (OpenAiSettings.ApiTypeSetting, apiType)));

        Assert.Equal(expected, settings.ApiType);
    }

    [Fact]
    public void The_azure_credential_flag_means_azure_whatever_the_host()
    {
        var settings = OpenAiSettings.From(Configuration(
            (OpenAiSettings.UseAzureCredentialSetting, "true"),
            (OpenAiSettings.BaseUrlSetting, "https://gateway.contoso.example/aoai/")));

        Assert.Equal(OpenAiApiType.Azure, settings.ApiType);
        Assert.Equal(new Uri("https://gateway.contoso.example/aoai/"), settings.BaseUrl);
    }

    [Theory]
    [InlineData("https://contoso.openai.azure.com/openai/v1/", "", "https://contoso.openai.azure.com/")]
    [InlineData("https://contoso.openai.azure.com/openai", "", "https://contoso.openai.azure.com/")]
    [InlineData("https://contoso.openai.azure.com", "", "https://contoso.openai.azure.com/")]
    [InlineData("https://gateway.contoso.example/aoai/openai/v1", "azure", "https://gateway.contoso.example/aoai/")]
    [InlineData("https://contoso.openai.azure.com/openai/v1/", "openai", "https://contoso.openai.azure.com/openai/v1/")]
    public void An_azure_base_url_ending_in_the_v1_path_is_cut_back_to_the_endpoint_the_azure_client_builds_on(string baseUrl, string apiType, string expected)
    {
        var settings = OpenAiSettings.From(Configuration(
            (OpenAiSettings.ApiKeySetting, Key),
            (OpenAiSettings.BaseUrlSetting, baseUrl),
            (OpenAiSettings.ApiTypeSetting, apiType)));

        Assert.Equal(new Uri(expected), settings.BaseUrl);
    }

    [Fact]
    public async Task Azure_settings_with_a_key_call_the_deployments_route_with_the_api_key_header()
    {
        await using var server = await FakeOpenAiServer.StartAsync();

        var received = await AnalyzeThroughRegistrationAsync(
            server, (OpenAiSettings.ApiTypeSetting, "azure"), (OpenAiSettings.BaseUrlSetting, server.Endpoint.ToString()));

        Assert.Equal($"/openai/deployments/{FakeOpenAiServer.Model}/chat/completions", received.Path);
        Assert.Equal(FakeOpenAiServer.ApiKey, received.ApiKeyHeader);
    }

    [Fact]
    public async Task Openai_settings_call_the_base_urls_chat_completions_with_the_key_as_bearer_token()
    {
        await using var server = await FakeOpenAiServer.StartAsync();

        var received = await AnalyzeThroughRegistrationAsync(server, (OpenAiSettings.BaseUrlSetting, server.BaseUrl.ToString()));

        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal(FakeOpenAiServer.ApiKey, received.BearerToken);
    }

    [Theory]
    [InlineData("http://localhost:11434/v1")]
    [InlineData("http://127.0.0.1:11434/v1")]
    [InlineData("http://[::1]:11434/v1")]
    public void Plain_http_to_this_machine_is_accepted(string baseUrl)
    {
        var settings = OpenAiSettings.From(Configuration((OpenAiSettings.BaseUrlSetting, baseUrl), (OpenAiSettings.ApiKeySetting, Key)));

        Assert.Equal(new Uri(baseUrl), settings.BaseUrl);
    }

    [Fact]
    public void Plain_http_to_another_machine_is_refused_with_a_message_that_says_why_and_what_is_allowed()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OpenAiSettings.From(Configuration(
            (OpenAiSettings.BaseUrlSetting, "http://llm.example.com/v1"), (OpenAiSettings.ApiKeySetting, Key))));

        Assert.Contains($"{OpenAiSettings.BaseUrlSetting} must be an https URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("http://llm.example.com", error.Message, StringComparison.Ordinal);
        Assert.Contains("localhost", error.Message, StringComparison.Ordinal);
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
    [InlineData(OpenAiSettings.BaseUrlSetting, "http://llm.example.com/v1", OpenAiSettings.ApiKeySetting, Key)]
    [InlineData(OpenAiSettings.BaseUrlSetting, "http://10.0.0.7:11434/v1", OpenAiSettings.ModelSetting, "llama3.1")]
    [InlineData(OpenAiSettings.BaseUrlSetting, "http://contoso.openai.azure.com/", OpenAiSettings.ApiKeySetting, Key)]
    [InlineData(OpenAiSettings.ApiTypeSetting, "azur", OpenAiSettings.ApiKeySetting, Key)]
    [InlineData(OpenAiSettings.ApiTypeSetting, "azure", OpenAiSettings.ApiKeySetting, Key)]
    [InlineData(OpenAiSettings.ApiTypeSetting, "openai", OpenAiSettings.UseAzureCredentialSetting, "true")]
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

    [Fact]
    public void Azure_openai_without_a_key_or_the_credential_flag_stops_the_start_naming_both()
    {
        var services = new ServiceCollection().AddLogging();

        var error = Assert.Throws<InvalidOperationException>(() =>
            services.AddMeetingAnalyzer(Configuration((OpenAiSettings.BaseUrlSetting, "https://contoso.openai.azure.com/"))));

        Assert.Contains(OpenAiSettings.ApiKeySetting, error.Message);
        Assert.Contains(OpenAiSettings.UseAzureCredentialSetting, error.Message);
    }

    /// <summary>One analysis through the registered analyzer, with the fake's key and model; what the fake saw of it.</summary>
    private static async Task<FakeRequest> AnalyzeThroughRegistrationAsync(FakeOpenAiServer server, params (string Key, string Value)[] settings)
    {
        using var services = Build(
            [(OpenAiSettings.ApiKeySetting, FakeOpenAiServer.ApiKey), (OpenAiSettings.ModelSetting, FakeOpenAiServer.Model), .. settings]);

        var analysis = await services.GetRequiredService<IMeetingAnalyzer>().AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);

        Assert.Null(analysis.FallbackReason);
        return Assert.Single(server.Received);
    }

    private static ServiceProvider Build(params (string Key, string Value)[] settings) =>
        new ServiceCollection().AddLogging().AddMeetingAnalyzer(Configuration(settings)).BuildServiceProvider();

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
}
