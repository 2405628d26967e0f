using System.Text.RegularExpressions;
using Engage.Testing;

namespace Engage.Functions.Tests.Deployment;

/// <summary>
/// The app settings the code reads, found in its source: settings are named in UPPER_SNAKE_CASE string
/// literals (<c>"OPENAI_MODEL"</c>), so a setting a feature adds is found without anyone listing it here.
/// </summary>
public static partial class AppSettingsInCode
{
    /// <summary>
    /// Read by the code but deliberately not app settings in Azure, each with the reason. None today: every
    /// setting the app reads is set by infra/main.bicep, timer schedules included, since the host does not run
    /// a timer whose <c>%SETTING%</c> does not resolve.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NotInAzure = new Dictionary<string, string>
    {
        ["ENGAGE_DEV_USER"] = "the user of a request without the development header; read only under local development",
    };

    /// <summary>The identity-based storage connection the host and the app share (no connection string in Azure).</summary>
    public static readonly IReadOnlyList<string> StorageIdentity =
        ["AzureWebJobsStorage__accountName", "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId"];

    public static IReadOnlySet<string> Find()
    {
        var source = Path.Combine(RepositoryPaths.Root, "src", "Engage.Functions");
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !path.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .SelectMany(path => SettingLiteral().Matches(File.ReadAllText(path)).Select(m => m.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex("\"(?<name>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"")]
    private static partial Regex SettingLiteral();
}
