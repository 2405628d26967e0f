using System.Globalization;
using System.Text.Json;
using Engage.Functions.Discovery.Crews;
using Microsoft.Data.Sqlite;

namespace Engage.Functions.Discovery.Demo;

/// <summary>
/// The SQLite demo used when no crews are configured in local development: n8n chat-history tables of a few
/// clients, generated once per machine in the temp folder (never in the repository) and reused after.
/// </summary>
public static class DemoDatabase
{
    /// <summary>Bump when the generated content changes, so an old file is not reused.</summary>
    private const string Version = "v1";

    private static readonly string[] FollowUps = ["Thanks, that helps.", "Can you tell me more?", "OK, and what happens next?", "Great, one more question.", "That didn't work, any other idea?"];

    private static readonly string[] Replies = ["You're welcome! Anything else I can help with?", "Of course, here are the details.", "I've made a note of it on your account.", "Let me check that for you.", "Please try this instead and let me know."];

    public static string DefaultPath { get; } = Path.Combine(Path.GetTempPath(), $"engage-discovery-demo-{Version}.sqlite");

    /// <summary>The demo crews on <paramref name="path"/>, generating the file first if it is missing.</summary>
    public static CrewCatalog EnsureCreated(string path, DateTimeOffset now)
    {
        if (!File.Exists(path))
        {
            Generate(path, now);
        }

        var connection = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString();
        var crews = DemoCrews.All.Select(c =>
        {
            SourceTableName.TryCreate(c.Table, out var table, out _);
            return new CrewDefinition(c.Client, c.Crew, SourceKind.Sqlite, table, connection);
        }).ToList();
        return new CrewCatalog(crews, [], isDemo: true);
    }

    private static void Generate(string path, DateTimeOffset now)
    {
        // Written aside and moved into place, so a second process starting at the same time never sees half a file.
        var building = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = building, Pooling = false }.ToString()))
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            var random = new Random(20250108);
            foreach (var crew in DemoCrews.All)
            {
                Fill(connection, transaction, crew, random, now);
            }

            transaction.Commit();
        }

        File.Move(building, path, overwrite: true);
    }

    private static void Fill(SqliteConnection connection, SqliteTransaction transaction, DemoCrew crew, Random random, DateTimeOffset now)
    {
        var createdAt = crew.HasCreatedAt ? ", created_at TEXT NOT NULL" : string.Empty;
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = $"CREATE TABLE \"{crew.Table}\" (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id VARCHAR(255) NOT NULL, message TEXT NOT NULL{createdAt}); " +
                                 $"CREATE INDEX \"{crew.Table}_session\" ON \"{crew.Table}\" (session_id, id);";
            create.ExecuteNonQuery();
        }

        // Conversations overlap in time as they do live, so their rows interleave by id.
        var messages = new List<(DateTimeOffset At, string Session, string Type, string Content)>();
        for (var i = 0; i < crew.Conversations; i++)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            var session = new Guid(bytes).ToString();
            var at = now.AddMinutes(-random.Next(10, 14 * 24 * 60));
            var turns = random.Next(1, 7);
            var topic = random.Next(crew.Questions.Length);
            for (var turn = 0; turn < turns; turn++)
            {
                messages.Add((at, session, "human", turn == 0 ? crew.Questions[topic] : FollowUps[random.Next(FollowUps.Length)]));
                at = at.AddSeconds(random.Next(2, 20));
                messages.Add((at, session, "ai", turn == 0 ? crew.Answers[topic] : Replies[random.Next(Replies.Length)]));
                at = at.AddSeconds(random.Next(20, 300));
            }
        }

        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = crew.HasCreatedAt
            ? $"INSERT INTO \"{crew.Table}\" (session_id, message, created_at) VALUES (@session, @message, @at)"
            : $"INSERT INTO \"{crew.Table}\" (session_id, message) VALUES (@session, @message)";
        var sessionId = insert.Parameters.Add("@session", SqliteType.Text);
        var message = insert.Parameters.Add("@message", SqliteType.Text);
        var time = insert.Parameters.Add("@at", SqliteType.Text);
        foreach (var row in messages.OrderBy(m => m.At))
        {
            sessionId.Value = row.Session;
            message.Value = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["type"] = row.Type,
                ["content"] = row.Content,
                ["additional_kwargs"] = new Dictionary<string, object>(),
                ["response_metadata"] = new Dictionary<string, object>(),
            });
            time.Value = row.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
        }
    }
}
