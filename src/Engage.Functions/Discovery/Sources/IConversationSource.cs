namespace Engage.Functions.Discovery.Sources;

/// <summary>
/// One crew's chat-history table (n8n / LangChain JS schema: <c>id</c>, <c>session_id</c>, <c>message</c>
/// JSON with <c>type</c> and <c>content</c>, maybe <c>created_at</c>). Read-only: discovery never writes to it.
/// </summary>
public interface IConversationSource
{
    /// <summary>Checks the table has n8n's columns and says what else it has; fails if the table is missing.</summary>
    Task<SourceSchema> DescribeAsync(CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> rows with an id above <paramref name="afterId"/>, in id order.</summary>
    Task<IReadOnlyList<SourceRow>> ReadRowsAsync(long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>Metadata of the given sessions in one grouped query; sessions without rows are left out.</summary>
    Task<IReadOnlyList<SessionSummary>> SummarizeAsync(SourceSchema schema, IReadOnlyCollection<string> sessionIds, CancellationToken cancellationToken);

    /// <summary>The first <paramref name="limit"/> messages of a session, in id order.</summary>
    Task<IReadOnlyList<TranscriptMessage>> ReadTranscriptAsync(SourceSchema schema, string sessionId, int limit, CancellationToken cancellationToken);
}
