namespace Engage.Functions.Hosting;

/// <summary>
/// The Functions way to switch one function off without a redeploy: the app setting
/// <c>AzureWebJobs.&lt;FunctionName&gt;.Disabled=true</c>, which both hosts honour.
/// </summary>
public static class FunctionSwitch
{
    public static string SettingFor(string functionName) => $"AzureWebJobs.{functionName}.Disabled";

    public static bool IsDisabled(IConfiguration configuration, string functionName) =>
        bool.TryParse(configuration[SettingFor(functionName)]?.Trim(), out var disabled) && disabled;
}
