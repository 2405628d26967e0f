using Azure;
using Azure.Core;

namespace Engage.Storage.Tables;

public partial class TableClient
{
    /// <summary>The service's limit on operations in one entity group transaction.</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>
    /// Runs up to 100 operations on one partition atomically. If one fails, nothing is written
    /// and a <see cref="TableTransactionFailedException"/> names the failing operation.
    /// </summary>
    /// <returns>One response per operation, in order, each with the entity's new ETag.</returns>
    public virtual async Task<Response<IReadOnlyList<Response>>> SubmitTransactionAsync(
        IEnumerable<TableTransactionAction> transactionActions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transactionActions);
        var actions = transactionActions.ToList();
        TableTransactionBatch.Validate(actions);

        using var message = CreateMessage(RequestMethod.Post, "/$batch");
        var batch = new TableTransactionBatch(Uri, actions);
        message.Request.Headers.Add(HttpHeader.Names.ContentType, batch.ContentType);
        message.Request.Content = RequestContent.Create(batch.Body);
        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(batch.ReadResponse(response), response);
    }
}
