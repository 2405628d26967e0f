using Engage.Testing;

namespace Engage.Functions.Tests.Discovery;

/// <summary>A fresh n8n chat-history table in one of the two source kinds, for one test.</summary>
public abstract class ChatHistory
{
    public string Table { get; } = TestNames.Table("h_");

    public abstract string Source { get; }

    public abstract string ConnectionString { get; }

    public abstract Task CreateAsync(bool withCreatedAt = false, bool sessionIndex = true);

    /// <summary>Inserts in bulk, in the given order (ids follow it).</summary>
    public abstract Task AddAsync(IEnumerable<ChatMessage> messages);

    /// <summary>Takes an id for <paramref name="message"/> now and makes the row visible only on commit, after later ids.</summary>
    public abstract Task<LateRow> BeginLateAsync(ChatMessage message);

    public Task AddAsync(params ChatMessage[] messages) => AddAsync((IEnumerable<ChatMessage>)messages);

    /// <summary>The <c>DISCOVERY_CREWS</c> entry of this table as crew <paramref name="crew"/> of <paramref name="client"/>.</summary>
    public object Crew(string client, string crew, int shards = 1) =>
        new { client, crew, source = Source, connection = ConnectionString, table = Table, index_shards = shards };
}
