using Engage.Functions.Hosting;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// Which LLM the analyzer talks to, under the app setting names of docs/configuration.md. A class, not a
/// record, so that no generated <c>ToString</c> can print the key.
/// </summary>
public sealed class OpenAiSettings
{
    public const string ApiKeySetting = "OPENAI_API_KEY";
    public const string ModelSetting = "OPENAI_MODEL";
    public const string BaseUrlSetting = "OPENAI_BASE_URL";
    public const string UseAzureCredentialSetting = "OPENAI_USE_AZURE_CREDENTIAL";
    public const string DefaultModel = "gpt-4o-mini";

    public string? ApiKey { get; init; }

    /// <summary>The model; for Azure OpenAI the deployment name.</summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>The API root including its version segment (<c>.../v1</c>); OpenAI's when null.</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Entra ID bearer tokens from <c>DefaultAzureCredential</c> instead of a key (Azure OpenAI v1).</summary>
    public bool UseAzureCredential { get; init; }

    /// <summary>False means no LLM at all: the heuristic alone serves.</summary>
    public bool IsConfigured => ApiKey is not null || BaseUrl is not null || UseAzureCredential;

    /// <exception cref="InvalidOperationException">A setting has a value the analyzer cannot use.</exception>
    public static OpenAiSettings From(IConfiguration configuration)
    {
        var settings = new OpenAiSettings
        {
            ApiKey = SettingReader.Text(configuration[ApiKeySetting]),
            Model = SettingReader.Text(configuration[ModelSetting]) ?? DefaultModel,
            BaseUrl = SettingReader.HttpUrl(
                configuration[BaseUrlSetting],
                text => $"{BaseUrlSetting} must be an absolute http(s) URL such as http://localhost:11434/v1, not '{text}'."),
            UseAzureCredential = ParseFlag(configuration[UseAzureCredentialSetting]),
        };

        if (settings.UseAzureCredential && settings.ApiKey is not null)
        {
            throw new InvalidOperationException(
                $"Set either {ApiKeySetting} or {UseAzureCredentialSetting}=true, not both: it would be unclear which one authenticates.");
        }

        // Entra ID tokens are for Azure OpenAI only (sent to api.openai.com they would just leak), and the SDK
        // refuses to send them over plain http: better said at the start than at every call.
        if (settings.UseAzureCredential && settings.BaseUrl?.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException(
                $"{UseAzureCredentialSetting}=true needs {BaseUrlSetting} set to the https Azure OpenAI v1 endpoint (https://<resource>.openai.azure.com/openai/v1/).");
        }

        return settings;
    }

    private static bool ParseFlag(string? value)
    {
        if (SettingReader.Text(value) is not { } text)
        {
            return false;
        }

        return bool.TryParse(text, out var flag)
            ? flag
            : throw new InvalidOperationException($"{UseAzureCredentialSetting} must be true or false, not '{text}'.");
    }
}
