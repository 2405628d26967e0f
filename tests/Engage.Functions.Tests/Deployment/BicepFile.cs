using System.Text.RegularExpressions;
using Engage.Testing;

namespace Engage.Functions.Tests.Deployment;

/// <summary>infra/main.bicep read as text (no Bicep CLI here): its parameters and the Function App's app settings.</summary>
public sealed partial class BicepFile
{
    private BicepFile(string text) => Text = text;

    public static string Path { get; } = System.IO.Path.Combine(RepositoryPaths.Root, "infra", "main.bicep");

    public string Text { get; }

    public IReadOnlySet<string> Parameters => ParameterDeclaration().Matches(Text).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The names in the site's <c>appSettings</c> array.</summary>
    public IReadOnlySet<string> AppSettings
    {
        get
        {
            var start = Text.IndexOf("appSettings: [", StringComparison.Ordinal);
            Assert.True(start >= 0, "main.bicep has no appSettings array");
            var depth = 0;
            var end = start;
            for (var i = Text.IndexOf('[', start); i < Text.Length; i++)
            {
                depth += Text[i] switch { '[' => 1, ']' => -1, _ => 0 };
                if (depth == 0)
                {
                    end = i;
                    break;
                }
            }

            return SettingName().Matches(Text[start..end]).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>The Bicep expression an app setting is set to, as written (<c>'azure'</c>, <c>openAi.properties.endpoint</c>).</summary>
    public string AppSettingValue(string name)
    {
        var match = Regex.Match(Text, $@"name:\s*'{Regex.Escape(name)}'[,\s]*value:\s*(?<value>[^\n]*?)\s*}}?\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, $"main.bicep sets no app setting {name}");
        return match.Groups["value"].Value;
    }

    public static BicepFile Read() => new(File.ReadAllText(Path));

    [GeneratedRegex(@"^param\s+(?<name>\w+)\s", RegexOptions.Multiline)]
    private static partial Regex ParameterDeclaration();

    [GeneratedRegex(@"name:\s*'(?<name>[A-Za-z0-9_]+)'")]
    private static partial Regex SettingName();
}
