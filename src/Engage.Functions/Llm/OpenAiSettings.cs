using Engage.Functions.Hosting;

namespace Engage.Functions.Llm;

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
    public const string ApiTypeSetting = "OPENAI_API_TYPE";
    public const string DefaultModel = "gpt-4o-mini";

    private static readonly string[] AzureHostSuffixes = [".openai.azure.com", ".cognitiveservices.azure.com"];

    // What earlier versions asked for as Azure's base URL (its v1 API); the Azure client appends
    // /openai/deployments/... to the resource endpoint itself, so such a tail would be doubled.
    private static readonly string[] AzurePathTails = ["/openai/v1", "/openai"];

    public string? ApiKey { get; init; }

    /// <summary>The model; for Azure OpenAI the deployment name.</summary>
    public string Model { get; init; } = DefaultModel;

    /// <summary>
    /// OpenAI-style: the API root including its version segment (<c>.../v1</c>), OpenAI's when null.
    /// Azure: the resource endpoint (<c>https://&lt;resource&gt;.openai.azure.com/</c>) or a gateway's root for it.
    /// </summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>Entra ID bearer tokens from <c>DefaultAzureCredential</c> instead of a key; Azure only.</summary>
    public bool UseAzureCredential { get; init; }

    /// <summary>Set by <c>OPENAI_API_TYPE</c>, else inferred by <see cref="From"/> from the base URL's host and the credential flag.</summary>
    public OpenAiApiType ApiType { get; init; } = OpenAiApiType.OpenAi;

    /// <summary>False means no LLM at all: each caller's local fallback serves (the heuristic analyzer, the local chat responder).</summary>
    public bool IsConfigured => ApiKey is not null || BaseUrl is not null || UseAzureCredential;

    /// <exception cref="InvalidOperationException">A setting has a value the analyzer cannot use.</exception>
    public static OpenAiSettings From(IConfiguration configuration)
    {
        var baseUrl = SettingReader.HttpUrl(
            configuration[BaseUrlSetting],
            text => $"{BaseUrlSetting} must be an absolute http(s) URL such as https://<resource>.openai.azure.com/ or http://localhost:11434/v1, not '{text}'.");
        var useAzureCredential = ParseFlag(configuration[UseAzureCredentialSetting]);
        var apiType = ParseApiType(configuration[ApiTypeSetting]) ?? InferApiType(baseUrl, useAzureCredential);
        var settings = new OpenAiSettings
        {
            ApiKey = SettingReader.Text(configuration[ApiKeySetting]),
            Model = SettingReader.Text(configuration[ModelSetting]) ?? DefaultModel,
            BaseUrl = apiType == OpenAiApiType.Azure && baseUrl is not null ? ResourceEndpoint(baseUrl) : baseUrl,
            UseAzureCredential = useAzureCredential,
            ApiType = apiType,
        };

        if (settings.UseAzureCredential && settings.ApiKey is not null)
        {
            throw new InvalidOperationException(
                $"Set either {ApiKeySetting} or {UseAzureCredentialSetting}=true, not both: it would be unclear which one authenticates.");
        }

        // Entra ID tokens are for Azure OpenAI only: sent to api.openai.com or a local server they would just leak.
        if (settings.UseAzureCredential && apiType != OpenAiApiType.Azure)
        {
            throw new InvalidOperationException(
                $"{UseAzureCredentialSetting}=true is for Azure OpenAI only: set {ApiTypeSetting}=azure or leave it unset.");
        }

        // A bearer token over plain http could be read on the way; better refused at the start than sent.
        if (settings.UseAzureCredential && settings.BaseUrl?.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException(
                $"{UseAzureCredentialSetting}=true needs {BaseUrlSetting} set to the https Azure OpenAI resource endpoint (https://<resource>.openai.azure.com/).");
        }

        SettingReader.RequireHttpsUnlessLoopback(settings.BaseUrl, BaseUrlSetting);
        if (apiType == OpenAiApiType.Azure && settings.IsConfigured)
        {
            CheckAzure(settings);
        }

        return settings;
    }

    private static void CheckAzure(OpenAiSettings settings)
    {
        if (settings.BaseUrl is null)
        {
            throw new InvalidOperationException(
                $"{ApiTypeSetting}=azure needs {BaseUrlSetting} set to the Azure OpenAI resource endpoint (https://<resource>.openai.azure.com/).");
        }

        if (settings.ApiKey is null && !settings.UseAzureCredential)
        {
            throw new InvalidOperationException(
                $"Azure OpenAI ({ApiTypeSetting}=azure, set or inferred from {BaseUrlSetting}) takes no keyless calls: set {ApiKeySetting} or {UseAzureCredentialSetting}=true.");
        }
    }

    private static OpenAiApiType? ParseApiType(string? value)
    {
        if (SettingReader.Text(value) is not { } text)
        {
            return null;
        }

        return text.ToLowerInvariant() switch
        {
            "openai" => OpenAiApiType.OpenAi,
            "azure" => OpenAiApiType.Azure,
            _ => throw new InvalidOperationException($"{ApiTypeSetting} must be openai or azure, not '{text}'."),
        };
    }

    private static OpenAiApiType InferApiType(Uri? baseUrl, bool useAzureCredential) =>
        useAzureCredential || (baseUrl is not null && AzureHostSuffixes.Any(suffix => baseUrl.Host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)))
            ? OpenAiApiType.Azure
            : OpenAiApiType.OpenAi;

    private static Uri ResourceEndpoint(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        return AzurePathTails.FirstOrDefault(tail => path.EndsWith(tail, StringComparison.OrdinalIgnoreCase)) is { } tail
            ? new Uri(baseUrl, path[..^tail.Length] + "/")
            : baseUrl;
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
