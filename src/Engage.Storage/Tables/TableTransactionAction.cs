using Azure;

namespace Engage.Storage.Tables;

/// <summary>One operation of an entity group transaction.</summary>
public sealed class TableTransactionAction(TableTransactionActionType actionType, ITableEntity entity, ETag etag = default)
{
    public TableTransactionActionType ActionType { get; } = actionType;

    public ITableEntity Entity { get; } = entity ?? throw new ArgumentNullException(nameof(entity));

    /// <summary>The <c>If-Match</c> value for updates and deletes; default means unconditional.</summary>
    public ETag ETag { get; } = etag;
}
