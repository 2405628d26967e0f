using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Engagement.Summaries;
using Engage.Functions.Hosting;
using Engage.Functions.Storage;
using Microsoft.AspNetCore.Hosting;

namespace Engage.Functions.Tests;

/// <summary>
/// Sets every host setting, and blanks every one that would point the app at a real Fathom or LLM, so a
/// developer's own local.settings.json cannot change what a test sees. Tests set their own values after this.
/// </summary>
public static class PinnedSettings
{
    private static readonly string[] ExternalServiceSettings =
    [
        FathomOptions.ApiKeySetting,
        FathomOptions.BaseUrlSetting,
        OpenAiSettings.ApiKeySetting,
        OpenAiSettings.BaseUrlSetting,
        OpenAiSettings.ModelSetting,
        OpenAiSettings.UseAzureCredentialSetting,
    ];

    public static void Pin(IWebHostBuilder builder, string functionsEnvironment, string customHandlerPort, string storage)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(FunctionsHostOptions.EnvironmentSetting, functionsEnvironment);
        builder.UseSetting(FunctionsHostOptions.FunctionKeysSetting, string.Empty);
        builder.UseSetting(FunctionsHostOptions.AdminKeySetting, string.Empty);
        builder.UseSetting(FunctionsHostOptions.CustomHandlerPortSetting, customHandlerPort);
        builder.UseSetting(StorageConnection.Setting, storage);
        foreach (var setting in ExternalServiceSettings)
        {
            builder.UseSetting(setting, string.Empty);
        }
    }
}
