using Azure;

namespace Engage.Storage.Tables;

/// <summary>
/// An entity group transaction was rolled back because one of its operations failed; nothing
/// of it was written.
/// </summary>
public sealed class TableTransactionFailedException : RequestFailedException
{
    internal TableTransactionFailedException(int status, string? errorCode, string serviceMessage, int? failedIndex, ITableEntity? failedEntity)
        : base(status, Describe(status, errorCode, serviceMessage, failedIndex), errorCode, null)
    {
        FailedTransactionActionIndex = failedIndex;
        FailedEntity = failedEntity;
    }

    /// <summary>The 0-based index of the operation that failed, when the service named it.</summary>
    public int? FailedTransactionActionIndex { get; }

    public ITableEntity? FailedEntity { get; }

    private static string Describe(int status, string? errorCode, string serviceMessage, int? failedIndex) =>
        failedIndex is { } index
            ? $"The transaction failed at operation {index} ({status} {errorCode}): {serviceMessage}"
            : $"The transaction failed ({status} {errorCode}): {serviceMessage}";
}
