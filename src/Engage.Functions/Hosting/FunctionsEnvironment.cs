namespace Engage.Functions.Hosting;

/// <summary>
/// <c>AZURE_FUNCTIONS_ENVIRONMENT</c>, which <c>func start</c> and the sample local.settings.json set to
/// <c>Development</c>: the app then serves its offline demo where nothing else is configured.
/// </summary>
public static class FunctionsEnvironment
{
    public const string Setting = "AZURE_FUNCTIONS_ENVIRONMENT";
    public const string Development = "Development";

    public static bool IsDevelopment(IConfiguration configuration) =>
        string.Equals(SettingReader.Text(configuration[Setting]), Development, StringComparison.OrdinalIgnoreCase);
}
