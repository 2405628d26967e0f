using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Engage.Storage.Internal;

namespace Engage.Storage.Tables;

/// <summary>Account-level table operations; names and shapes as in Azure.Data.Tables.</summary>
public class TableServiceClient
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;

    public TableServiceClient(string connectionString, TableClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), options ?? new TableClientOptions())
    {
    }

    public TableServiceClient(Uri endpoint, TableSharedKeyCredential credential, TableClientOptions? options = null)
        : this(endpoint, credential.AccountName, BuildPipeline(credential, options ?? new TableClientOptions()))
    {
    }

    public TableServiceClient(Uri endpoint, TokenCredential credential, TableClientOptions? options = null)
        : this(endpoint, StorageEndpoint.AccountNameOf(endpoint), BuildPipeline(credential, options ?? new TableClientOptions()))
    {
    }

    /// <summary>For mocking.</summary>
    protected TableServiceClient()
    {
        _pipeline = null!;
        _endpoint = null!;
        AccountName = string.Empty;
    }

    private TableServiceClient(StorageConnectionString connection, TableClientOptions options)
        : this(connection.TableEndpoint, connection.AccountName, BuildPipeline(connection.Credential, options))
    {
    }

    private TableServiceClient(Uri endpoint, string accountName, HttpPipeline pipeline)
    {
        _endpoint = endpoint;
        _pipeline = pipeline;
        AccountName = accountName;
    }

    public virtual string AccountName { get; }

    public virtual Uri Uri => _endpoint;

    public virtual TableClient GetTableClient(string tableName) => new(_endpoint, tableName, AccountName, _pipeline);

    public virtual Task<Response<TableItem>> CreateTableIfNotExistsAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).CreateIfNotExistsAsync(cancellationToken);

    public virtual Task<Response> DeleteTableAsync(string tableName, CancellationToken cancellationToken = default) =>
        GetTableClient(tableName).DeleteAsync(cancellationToken);

    /// <summary>Lists the account's tables, following continuation transparently.</summary>
    public virtual AsyncPageable<TableItem> QueryAsync(string? filter = null, int? maxPerPage = null, CancellationToken cancellationToken = default) =>
        new FuncAsyncPageable<TableItem>((token, hint, ct) => QueryPageAsync(filter, hint ?? maxPerPage, token, ct), cancellationToken);

    internal static HttpPipeline BuildPipeline(StorageSharedKeyCredential credential, TableClientOptions options) =>
        StoragePipeline.Build(options, new TableSharedKeyPolicy(credential, options.TimeProvider));

    internal static HttpPipeline BuildPipeline(TokenCredential credential, TableClientOptions options) =>
        StoragePipeline.Build(options, StoragePipeline.BearerPolicy(credential));

    private async Task<Page<TableItem>> QueryPageAsync(string? filter, int? top, string? continuationToken, CancellationToken cancellationToken)
    {
        using var message = TableClient.CreateMessage(_pipeline, _endpoint, RequestMethod.Get, "/Tables", statesMaxDataServiceVersion: false);
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter);
        }

        if (top is { } pageSize)
        {
            uri.AppendQuery("$top", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(continuationToken))
        {
            uri.AppendQuery("NextTableName", continuationToken);
        }

        var response = await _pipeline.SendCheckedAsync(message, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var tables = json.RootElement.GetProperty("value").EnumerateArray()
            .Select(t => new TableItem(t.GetProperty("TableName").GetString()!))
            .ToList();
        var next = response.Headers.TryGetValue("x-ms-continuation-NextTableName", out var name) && name.Length > 0 ? name : null;
        return Page<TableItem>.FromValues(tables, next, response);
    }
}
