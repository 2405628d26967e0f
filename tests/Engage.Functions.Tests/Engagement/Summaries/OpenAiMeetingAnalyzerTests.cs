using System.ClientModel;
using System.Text.Json.Nodes;
using Engage.Functions.Engagement.Summaries;
using Engage.Functions.Llm;
using Engage.Functions.Tests.Llm;

namespace Engage.Functions.Tests.Engagement.Summaries;

public sealed class OpenAiMeetingAnalyzerTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_call_returns_the_servers_lists_with_the_model_as_generator()
    {
        var analysis = await Analyzer().AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);

        Assert.Equal(4107, analysis.MeetingId);
        Assert.Equal(FakeOpenAiServer.Model, analysis.Generator);
        Assert.Null(analysis.FallbackReason);
        Assert.Equal(["Warehouse data migration", "Nightly sync reliability"], analysis.Themes);
        Assert.Equal(["Move all three regional warehouses onto the inventory platform by Q3."], analysis.Goals);
        Assert.Equal(["The nightly sync job fails when order volumes spike."], analysis.Challenges);
        Assert.Equal(["Finance froze new spend until the October renewal is signed."], analysis.Risks);
        Assert.Equal(["Ship the sync job fix before the renewal conversation."], analysis.Recommendations);
    }

    [Fact]
    public async Task The_request_carries_the_transcript_the_meeting_facts_and_a_strict_schema_for_the_five_lists()
    {
        await Analyzer().AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);

        var request = Assert.Single(_server.Requests);
        var user = FakeOpenAiServer.MessageText(request, "user");
        Assert.Contains(SampleExcerpts.Transcript, user);
        Assert.Contains("Marcus Lee: And if this slips past Q3, leadership will look at the competitor that pitched us in the spring.", user);
        Assert.Contains("Acme Corp quarterly check-in", user);
        Assert.Contains("acmecorp.com", user);
        Assert.Contains("2026-09-14", user);
        Assert.Contains("grounded in what was said in", FakeOpenAiServer.MessageText(request, "system"));

        var format = request["response_format"]!["json_schema"]!;
        Assert.Equal("meeting_analysis", (string?)format["name"]);
        var schema = format["schema"]!;
        string[] lists = ["themes", "goals", "challenges", "risks", "recommendations"];
        Assert.Equal(lists, schema["required"]!.AsArray().Select(n => (string?)n));
        Assert.False(schema["additionalProperties"]!.GetValue<bool>());
        Assert.All(lists, list => Assert.Equal("string", (string?)schema["properties"]![list]!["items"]!["type"]));
    }

    [Fact]
    public async Task Items_are_trimmed_deduplicated_and_capped_whatever_the_model_sends()
    {
        var lists = FakeOpenAiServer.SampleLists;
        lists["risks"] = new JsonArray([.. Enumerable.Range(1, 12).Select(i => JsonValue.Create($" Risk {i}. ")), JsonValue.Create("risk 1"), JsonValue.Create("  ")]);
        _server.Enqueue(FakeReply.Analysis(lists));

        var analysis = await Analyzer().AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);

        Assert.Equal([.. Enumerable.Range(1, 8).Select(i => $"Risk {i}.")], analysis.Risks);
    }

    [Theory]
    [InlineData("{\"themes\": [\"unfinished", "answer is not valid JSON")]
    [InlineData("[]", "answer is not a JSON object")]
    [InlineData("{\"themes\": [], \"goals\": [], \"challenges\": [], \"risks\": []}", "answer has no 'recommendations' list")]
    [InlineData("{\"themes\": [1], \"goals\": [], \"challenges\": [], \"risks\": [], \"recommendations\": []}", "'themes' holds an item that is not a string")]
    [InlineData("", "empty answer")]
    public async Task An_answer_that_is_not_the_schema_is_rejected_with_a_reason_that_does_not_quote_it(string content, string reason)
    {
        _server.Enqueue(FakeReply.Text(content));

        var error = await Assert.ThrowsAsync<LlmAnswerException>(() => Analyzer().AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None));

        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public async Task An_answer_cut_off_at_the_token_limit_is_rejected()
    {
        _server.Enqueue(FakeReply.Analysis(FakeOpenAiServer.SampleLists) with { FinishReason = "length" });

        var error = await Assert.ThrowsAsync<LlmAnswerException>(() => Analyzer().AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None));

        Assert.Equal("answer cut off at the token limit", error.Message);
    }

    [Theory]
    [InlineData(OpenAiApiType.OpenAi)]
    [InlineData(OpenAiApiType.Azure)]
    public async Task The_sdk_does_not_retry_on_its_own(OpenAiApiType apiType)
    {
        _server.Enqueue(FakeReply.Failure(503));

        var error = await Assert.ThrowsAsync<ClientResultException>(() => Analyzer(apiType).AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None));

        Assert.Equal(503, error.Status);
        Assert.Equal(1, _server.RequestCount);
    }

    [Fact]
    public async Task Openai_and_compatible_servers_get_the_key_as_bearer_token_at_the_base_urls_chat_completions()
    {
        await Analyzer().AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);

        var received = Assert.Single(_server.Received);
        Assert.Equal("/v1/chat/completions", received.Path);
        Assert.Equal(FakeOpenAiServer.ApiKey, received.BearerToken);
        Assert.Null(received.ApiKeyHeader);
        Assert.Null(received.ApiVersion);
    }

    [Fact]
    public async Task Azure_openai_with_a_key_sends_it_as_api_key_header_to_the_deployments_route_with_the_pinned_api_version()
    {
        var analysis = await Analyzer(OpenAiApiType.Azure).AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);

        Assert.Equal(FakeOpenAiServer.Model, analysis.Generator);
        Assert.Equal(["Warehouse data migration", "Nightly sync reliability"], analysis.Themes);
        var received = Assert.Single(_server.Received);
        Assert.Equal($"/openai/deployments/{FakeOpenAiServer.Model}/chat/completions", received.Path);
        Assert.Equal("2024-10-21", received.ApiVersion);
        Assert.Equal(FakeOpenAiServer.ApiKey, received.ApiKeyHeader);
        Assert.Null(received.BearerToken);
    }

    [Fact]
    public async Task With_the_azure_credential_flag_it_sends_an_entra_id_bearer_token_instead_of_a_key()
    {
        await using var server = await FakeOpenAiServer.StartAsync(https: true);
        var settings = new OpenAiSettings
        {
            ApiType = OpenAiApiType.Azure,
            BaseUrl = server.Endpoint,
            Model = FakeOpenAiServer.Model,
            UseAzureCredential = true,
        };
        var credential = new FakeTokenCredential();
        var analyzer = new OpenAiMeetingAnalyzer(
            OpenAiChatClientFactory.Create(settings, TimeSpan.FromSeconds(5), credential, server.Transport),
            settings.Model);

        var analysis = await analyzer.AnalyzeAsync(SampleExcerpts.Excerpt(), CancellationToken.None);

        Assert.Equal(FakeOpenAiServer.Model, analysis.Generator);
        Assert.Equal(["https://cognitiveservices.azure.com/.default"], credential.RequestedScopes.Distinct());
        var received = Assert.Single(server.Received);
        Assert.Equal($"/openai/deployments/{FakeOpenAiServer.Model}/chat/completions", received.Path);
        Assert.Equal(FakeOpenAiServer.EntraToken, received.BearerToken);
        Assert.Null(received.ApiKeyHeader);
    }

    private OpenAiMeetingAnalyzer Analyzer(OpenAiApiType apiType = OpenAiApiType.OpenAi)
    {
        var settings = _server.Settings(apiType);
        return new OpenAiMeetingAnalyzer(OpenAiChatClientFactory.Create(settings, TimeSpan.FromSeconds(5)), settings.Model);
    }
}
