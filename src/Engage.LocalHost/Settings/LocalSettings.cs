using System.Text.Json;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Engage.LocalHost.Settings;

/// <summary>
/// <c>local.settings.json</c>'s <c>Values</c> and <c>ConnectionStrings</c> as app settings, read once at start-up
/// as Core Tools does. An environment variable of the same name wins, as it does under Core Tools.
/// </summary>
public static class LocalSettings
{
    public const string FileName = "local.settings.json";

    /// <summary>Adds the file in <paramref name="folder"/> just below the unprefixed environment variables; a missing file adds nothing.</summary>
    public static IConfigurationBuilder AddLocalSettings(this IConfigurationBuilder builder, string folder)
    {
        var source = new Source(Path.Combine(folder, FileName));
        var environment = builder.Sources
            .Select((s, index) => (Source: s, Index: index))
            .FirstOrDefault(s => s.Source is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
        if (environment.Source is null)
        {
            builder.Add(source);
        }
        else
        {
            builder.Sources.Insert(environment.Index, source);
        }

        return builder;
    }

    private sealed class Source(string path) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(path);
    }

    private sealed class Provider(string path) : ConfigurationProvider
    {
        private static readonly JsonDocumentOptions Lenient = new()
        {
            AllowTrailingCommas = true,
            CommentHandling = JsonCommentHandling.Skip,
        };

        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (File.Exists(path))
            {
                using var json = Parse(path);
                var root = json.RootElement;
                if (root.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
                {
                    throw new InvalidDataException(
                        $"{path} is encrypted (IsEncrypted: true); run 'func settings decrypt' or write the values in plain text.");
                }

                AddSection(root, "Values", prefix: string.Empty, data);
                AddSection(root, "ConnectionStrings", prefix: "ConnectionStrings:", data);
            }

            Data = data;
        }

        private static JsonDocument Parse(string path)
        {
            try
            {
                return JsonDocument.Parse(File.ReadAllText(path), Lenient);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path} is not valid JSON (line {e.LineNumber + 1}).", e);
            }
        }

        private static void AddSection(JsonElement root, string section, string prefix, Dictionary<string, string?> data)
        {
            if (!root.TryGetProperty(section, out var values) || values.ValueKind == JsonValueKind.Null)
            {
                return;
            }

            if (values.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"'{section}' in {FileName} must be an object.");
            }

            foreach (var setting in values.EnumerateObject())
            {
                // App setting names use '__' for nesting, as environment variables do.
                var key = prefix + setting.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                data[key] = setting.Value.ValueKind switch
                {
                    JsonValueKind.String => setting.Value.GetString(),
                    JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => setting.Value.GetRawText(),
                    JsonValueKind.Null => null,
                    _ => throw new InvalidDataException($"'{section}.{setting.Name}' in {FileName} must be a string, number or boolean."),
                };
            }
        }
    }
}
