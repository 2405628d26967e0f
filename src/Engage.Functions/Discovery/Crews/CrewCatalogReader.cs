using System.Text.Json;
using System.Text.RegularExpressions;
using Engage.Functions.Discovery.Index;

namespace Engage.Functions.Discovery.Crews;

/// <summary>
/// Reads <c>DISCOVERY_CREWS</c>. A setting that is not a JSON array stops the start (nothing can be run from
/// it); an entry that is wrong is refused on its own, logged and shown in the status, and the others run.
/// </summary>
public static partial class CrewCatalogReader
{
    public const string Setting = "DISCOVERY_CREWS";

    public static CrewCatalog Read(IConfiguration configuration)
    {
        var text = configuration[Setting];
        List<CrewSetting?>? entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<CrewSetting?>>(text!, new JsonSerializerOptions { AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException(
                $"Setting {Setting} must be a JSON array of crews such as [{{\"client\":\"acme\",\"crew\":\"support\",\"source\":\"postgres\",\"connection_setting\":\"ACME_CHAT_DB\",\"table\":\"n8n_chat_histories\"}}]; it is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).",
                e);
        }

        var crews = new List<CrewDefinition>();
        var refused = new List<RefusedCrew>();
        foreach (var entry in entries ?? [])
        {
            if (entry is null)
            {
                refused.Add(new RefusedCrew(string.Empty, string.Empty, "the entry is null, not a crew object"));
            }
            else if (TryDefine(entry, configuration, out var crew, out var reason))
            {
                if (crews.Any(c => c.Key == crew.Key))
                {
                    refused.Add(new RefusedCrew(crew.Client, crew.Crew, "the same client and crew are configured more than once; the first entry is used"));
                }
                else
                {
                    crews.Add(crew);
                }
            }
            else
            {
                refused.Add(new RefusedCrew(RefusedValue.Shown(entry.Client, 64), RefusedValue.Shown(entry.Crew, 64), reason));
            }
        }

        return new CrewCatalog(crews, refused, isDemo: false);
    }

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[Setting]);

    private static bool TryDefine(CrewSetting entry, IConfiguration configuration, out CrewDefinition crew, out string reason)
    {
        crew = null!;
        if (!IsCode(entry.Client) || !IsCode(entry.Crew))
        {
            reason = "client and crew must be codes of 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
            return false;
        }

        if (!SourceTableName.TryCreate(entry.Table, out var table, out reason))
        {
            return false;
        }

        SourceKind source;
        switch (entry.Source?.Trim().ToLowerInvariant())
        {
            case "postgres" or "postgresql":
                source = SourceKind.Postgres;
                break;
            case "sqlite":
                source = SourceKind.Sqlite;
                break;
            default:
                reason = "source must be \"postgres\" or \"sqlite\"";
                return false;
        }

        if (!TryResolveConnection(entry, configuration, out var connectionString, out var connectionSetting, out reason))
        {
            return false;
        }

        var shards = IndexShards.Single;
        if (entry.IndexShards is { ValueKind: not JsonValueKind.Null } given
            && (given.ValueKind != JsonValueKind.Number || !given.TryGetInt32(out shards) || shards is < IndexShards.Single or > IndexShards.Max))
        {
            reason = $"index_shards must be a whole number from {IndexShards.Single} to {IndexShards.Max}";
            return false;
        }

        crew = new CrewDefinition(entry.Client!, entry.Crew!, source, table, connectionString, shards) { ConnectionSetting = connectionSetting };
        return true;
    }

    private static bool TryResolveConnection(CrewSetting entry, IConfiguration configuration, out string connectionString, out string? connectionSetting, out string reason)
    {
        connectionString = string.Empty;
        connectionSetting = null;
        reason = string.Empty;
        var named = !string.IsNullOrWhiteSpace(entry.ConnectionSetting);
        if (named == !string.IsNullOrWhiteSpace(entry.Connection))
        {
            reason = "give exactly one of connection_setting (the name of the app setting holding the connection string) and connection";
            return false;
        }

        if (!named)
        {
            connectionString = entry.Connection!;
            return true;
        }

        var name = entry.ConnectionSetting!.Trim();
        var value = configuration[name] is { Length: > 0 } setting ? setting : configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            reason = $"connection_setting names '{name}', but no app setting or connection string of that name has a value";
            return false;
        }

        connectionString = value;
        connectionSetting = name;
        return true;
    }

    private static bool IsCode(string? value) => value is not null && CodePattern().IsMatch(value);

    // \z, not $: $ also matches before a final line break, which Table Storage keys cannot hold.
    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex CodePattern();
}
