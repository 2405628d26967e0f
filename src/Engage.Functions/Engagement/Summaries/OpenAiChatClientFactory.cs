using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.Identity;
using OpenAI;
using OpenAI.Chat;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>Builds the SDK's <see cref="ChatClient"/> for OpenAI, Azure OpenAI v1 (key or Entra ID) or an OpenAI-compatible server.</summary>
public static class OpenAiChatClientFactory
{
    /// <summary>The Entra ID scope of Azure OpenAI (Cognitive Services).</summary>
    public const string AzureScope = "https://cognitiveservices.azure.com/.default";

    // The SDK refuses an empty key; keyless servers such as Ollama ignore whatever is sent.
    private const string KeylessPlaceholder = "no-key";

    /// <param name="attemptTimeout">Polly's per-attempt timeout; the SDK's network timeout is set a little beyond it, so Polly's fires first.</param>
    /// <param name="azureCredential">Token source for <see cref="OpenAiSettings.UseAzureCredential"/>; <see cref="DefaultAzureCredential"/> when null.</param>
    /// <param name="transport">The SDK's HTTP transport (its own <see cref="HttpClient"/> when null), for a custom handler.</param>
    public static ChatClient Create(
        OpenAiSettings settings,
        TimeSpan attemptTimeout,
        AuthenticationTokenProvider? azureCredential = null,
        PipelineTransport? transport = null)
    {
        var options = new OpenAIClientOptions
        {
            // Polly owns retries: the SDK would otherwise retry each of Polly's attempts up to three times more
            // and hide 429s from the Retry-After handling.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = attemptTimeout + TimeSpan.FromSeconds(5),
        };
        if (settings.BaseUrl is { } baseUrl)
        {
            options.Endpoint = baseUrl;
        }

        if (transport is not null)
        {
            options.Transport = transport;
        }

        if (!settings.UseAzureCredential)
        {
            return new ChatClient(settings.Model, new ApiKeyCredential(settings.ApiKey ?? KeylessPlaceholder), options);
        }

        // The authentication-policy constructor is the SDK's (still "evaluation") way to send Entra ID tokens, as
        // Microsoft's Azure OpenAI v1 samples do; the key constructors cannot.
#pragma warning disable OPENAI001
        return new ChatClient(settings.Model, new BearerTokenPolicy(azureCredential ?? new DefaultAzureCredential(), AzureScope), options);
#pragma warning restore OPENAI001
    }
}
