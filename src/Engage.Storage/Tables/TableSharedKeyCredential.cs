namespace Engage.Storage.Tables;

/// <summary>The account name and key that sign table requests, as in Azure.Data.Tables.</summary>
public sealed class TableSharedKeyCredential(string accountName, string accountKey)
    : StorageSharedKeyCredential(accountName, accountKey);
