namespace Engage.Functions.Hosting;

/// <summary>
/// The <c>Values</c> and <c>ConnectionStrings</c> of a Functions <c>local.settings.json</c>, which
/// Core Tools would otherwise turn into environment variables for a local run.
/// </summary>
public sealed class LocalSettingsConfigurationSource(string path) : IConfigurationSource
{
    public const string FileName = "local.settings.json";

    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LocalSettingsConfigurationProvider(Path);
}
