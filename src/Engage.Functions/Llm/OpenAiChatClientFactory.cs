using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Identity;
using OpenAI;
using OpenAI.Chat;

namespace Engage.Functions.Llm;

/// <summary>
/// Builds the SDK's <see cref="ChatClient"/>: Azure OpenAI through <see cref="AzureOpenAIClient"/> (key or Entra ID),
/// OpenAI or an OpenAI-compatible server through the OpenAI library's own client.
/// </summary>
public static class OpenAiChatClientFactory
{
    /// <summary>
    /// Of the two api-versions Azure.AI.OpenAI 2.1.0 offers, the one that accepts a json_schema response format
    /// (2024-08-01-preview and later do), which the meeting analysis needs; pinned rather than left to the
    /// library's default so that an upgrade cannot change it unnoticed.
    /// </summary>
    public const AzureOpenAIClientOptions.ServiceVersion AzureApiVersion = AzureOpenAIClientOptions.ServiceVersion.V2024_10_21;

    // The SDK refuses an empty key; keyless servers such as Ollama ignore whatever is sent.
    private const string KeylessPlaceholder = "no-key";

    // Follows no redirect: HttpClient drops Authorization on a redirect but would resend Azure's api-key header
    // wherever a 3xx points. The SDK's default transport happens not to follow them either, but that is its
    // implementation, not its contract, so the factory sets its own. Timeouts are the pipeline's (NetworkTimeout).
    private static readonly HttpClientPipelineTransport NoRedirects =
        new(new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan });

    /// <param name="attemptTimeout">Polly's per-attempt timeout; the SDK's network timeout is set a little beyond it, so Polly's fires first.</param>
    /// <param name="azureCredential">Token source for <see cref="OpenAiSettings.UseAzureCredential"/>; <see cref="DefaultAzureCredential"/> when null.</param>
    /// <param name="transport">The SDK's HTTP transport (one that follows no redirects when null), for a test's own message handler.</param>
    /// <exception cref="ArgumentException">Azure settings without a base URL, or without a key or the credential flag.</exception>
    public static ChatClient Create(
        OpenAiSettings settings,
        TimeSpan attemptTimeout,
        TokenCredential? azureCredential = null,
        PipelineTransport? transport = null)
    {
        if (settings.ApiType == OpenAiApiType.Azure)
        {
            return CreateAzure(settings, WithoutRetries(new AzureOpenAIClientOptions(AzureApiVersion), attemptTimeout, transport), azureCredential);
        }

        var options = WithoutRetries(new OpenAIClientOptions { Endpoint = settings.BaseUrl }, attemptTimeout, transport);
        return new ChatClient(settings.Model, new ApiKeyCredential(settings.ApiKey ?? KeylessPlaceholder), options);
    }

    private static ChatClient CreateAzure(OpenAiSettings settings, AzureOpenAIClientOptions options, TokenCredential? azureCredential)
    {
        // OpenAiSettings.From refuses both cases at the start; these guard a settings object built by hand.
        var endpoint = settings.BaseUrl
            ?? throw new ArgumentException("Azure OpenAI needs the resource endpoint as the base URL.", nameof(settings));
        var client = settings.UseAzureCredential
            ? new AzureOpenAIClient(endpoint, azureCredential ?? new DefaultAzureCredential(), options)
            : new AzureOpenAIClient(
                endpoint,
                new ApiKeyCredential(settings.ApiKey ?? throw new ArgumentException("Azure OpenAI needs a key or the Azure credential.", nameof(settings))),
                options);
        return client.GetChatClient(settings.Model);
    }

    private static TOptions WithoutRetries<TOptions>(TOptions options, TimeSpan attemptTimeout, PipelineTransport? transport)
        where TOptions : ClientPipelineOptions
    {
        // Polly owns retries: the SDK would otherwise retry each of Polly's attempts up to three times more
        // and hide 429s from the Retry-After handling (the Azure options even bring a retry policy of their own).
        options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        options.NetworkTimeout = attemptTimeout + TimeSpan.FromSeconds(5);
        options.Transport = transport ?? NoRedirects;
        return options;
    }
}
