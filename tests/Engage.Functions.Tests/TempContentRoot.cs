using Engage.Functions.Hosting;

namespace Engage.Functions.Tests;

/// <summary>A throw-away folder standing in for the app's content root.</summary>
public sealed class TempContentRoot : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("engage-functions-").FullName;

    public void WriteLocalSettings(string json) =>
        File.WriteAllText(System.IO.Path.Combine(Path, LocalSettingsConfigurationSource.FileName), json);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
