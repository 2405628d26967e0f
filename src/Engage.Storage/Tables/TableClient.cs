using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Engage.Storage.Internal;

namespace Engage.Storage.Tables;

/// <summary>Entity operations on one table; names and shapes as in Azure.Data.Tables.</summary>
public partial class TableClient
{
    internal const string JsonAccept = "application/json;odata=minimalmetadata";
    private const string JsonContentType = "application/json";

    private readonly HttpPipeline _pipeline;
    private readonly Uri _accountEndpoint;

    public TableClient(string connectionString, string tableName, TableClientOptions? options = null)
        : this(StorageConnectionString.Parse(connectionString), tableName, options ?? new TableClientOptions())
    {
    }

    public TableClient(Uri endpoint, string tableName, TableSharedKeyCredential credential, TableClientOptions? options = null)
        : this(endpoint, tableName, credential.AccountName, TableServiceClient.BuildPipeline(credential, options ?? new TableClientOptions()))
    {
    }

    public TableClient(Uri endpoint, string tableName, TokenCredential credential, TableClientOptions? options = null)
        : this(endpoint, tableName, StorageEndpoint.AccountNameOf(endpoint), TableServiceClient.BuildPipeline(credential, options ?? new TableClientOptions()))
    {
    }

    /// <summary>For mocking.</summary>
    protected TableClient()
    {
        _pipeline = null!;
        _accountEndpoint = null!;
        Name = string.Empty;
        AccountName = string.Empty;
        Uri = null!;
    }

    internal TableClient(Uri accountEndpoint, string tableName, string accountName, HttpPipeline pipeline)
    {
        ValidateTableName(tableName);
        _accountEndpoint = accountEndpoint;
        _pipeline = pipeline;
        Name = tableName;
        AccountName = accountName;
        Uri = new($"{accountEndpoint.AbsoluteUri.TrimEnd('/')}/{tableName}");
    }

    private TableClient(StorageConnectionString connection, string tableName, TableClientOptions options)
        : this(connection.TableEndpoint, tableName, connection.AccountName, TableServiceClient.BuildPipeline(connection.Credential, options))
    {
    }

    public virtual string Name { get; }

    public virtual string AccountName { get; }

    public virtual Uri Uri { get; }

    /// <inheritdoc cref="TableOdataFilter.Create"/>
    public static string CreateQueryFilter(FormattableString filter) => TableOdataFilter.Create(filter);

    /// <summary>Creates the table; an existing table is not an error.</summary>
    public virtual async Task<Response<TableItem>> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Post, "/Tables");
        message.Request.Headers.Add("Prefer", "return-no-content");
        SetJsonBody(message.Request, JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["TableName"] = Name }));
        var response = await SendAsync(message, cancellationToken, expectedErrorStatus: 409).ConfigureAwait(false);
        return Response.FromValue(new TableItem(Name), response);
    }

    /// <summary>Deletes the table; a table that does not exist is not an error.</summary>
    public virtual async Task<Response> DeleteAsync(CancellationToken cancellationToken = default)
    {
        using var message = CreateMessage(RequestMethod.Delete, $"/Tables('{Uri.EscapeDataString(Name)}')");
        return await SendAsync(message, cancellationToken, expectedErrorStatus: 404).ConfigureAwait(false);
    }

    /// <summary>Inserts a new entity; 409 <c>EntityAlreadyExists</c> if its keys are taken.</summary>
    public virtual async Task<Response> AddEntityAsync<T>(T entity, CancellationToken cancellationToken = default)
        where T : class, ITableEntity
    {
        TableKeys.Validate(entity);
        using var message = CreateMessage(RequestMethod.Post, "/" + Name);
        message.Request.Headers.Add("Prefer", "return-no-content");
        SetJsonBody(message.Request, TableEntityJson.Serialize(TableEntityMapper.ToProperties(entity)));
        return await SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts the entity, or merges into or replaces the one with its keys.</summary>
    public virtual Task<Response> UpsertEntityAsync<T>(T entity, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        where T : class, ITableEntity =>
        WriteEntityAsync(entity, ifMatch: null, mode, cancellationToken);

    /// <summary>
    /// Merges into or replaces an existing entity if its ETag still matches
    /// <paramref name="ifMatch"/> (<see cref="ETag.All"/> for unconditional); 412
    /// <c>UpdateConditionNotSatisfied</c> otherwise, 404 if it does not exist.
    /// </summary>
    public virtual Task<Response> UpdateEntityAsync<T>(T entity, ETag ifMatch, TableUpdateMode mode = TableUpdateMode.Merge, CancellationToken cancellationToken = default)
        where T : class, ITableEntity =>
        WriteEntityAsync(entity, ifMatch == default ? ETag.All : ifMatch, mode, cancellationToken);

    public virtual async Task<Response<T>> GetEntityAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var response = await GetEntityCoreAsync<T>(partitionKey, rowKey, select, throwIfMissing: true, cancellationToken).ConfigureAwait(false);
        return Response.FromValue(response.Value!, response.GetRawResponse());
    }

    /// <summary>Reads an entity; a missing one is an answer without a value, not an exception.</summary>
    public virtual Task<NullableResponse<T>> GetEntityIfExistsAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new() =>
        GetEntityCoreAsync<T>(partitionKey, rowKey, select, throwIfMissing: false, cancellationToken);

    /// <summary>
    /// Deletes an entity if its ETag matches <paramref name="ifMatch"/>; the default deletes
    /// unconditionally. Deleting an entity that does not exist is not an error.
    /// </summary>
    public virtual async Task<Response> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Delete, "/" + Name + TableKeys.ToUriSegment(partitionKey, rowKey));
        message.Request.Headers.Add(HttpHeader.Names.IfMatch, (ifMatch == default ? ETag.All : ifMatch).ToString());
        return await SendAsync(message, cancellationToken, expectedErrorStatus: 404).ConfigureAwait(false);
    }

    public virtual Task<Response> DeleteEntityAsync(ITableEntity entity, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ifMatch, cancellationToken);
    }

    /// <summary>
    /// Queries entities. <paramref name="filter"/> must come from <see cref="TableOdataFilter"/>
    /// (or <see cref="CreateQueryFilter"/>); <paramref name="maxPerPage"/> caps each page (the
    /// service returns at most 1,000); pages are followed transparently.
    /// </summary>
    public virtual AsyncPageable<T> QueryAsync<T>(string? filter = null, int? maxPerPage = null, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        var selected = select is null ? null : string.Join(',', select);
        return new FuncAsyncPageable<T>(
            (token, pageSizeHint, ct) => QueryPageAsync<T>(filter, pageSizeHint ?? maxPerPage, selected, token, ct),
            cancellationToken);
    }

    private async Task<Page<T>> QueryPageAsync<T>(string? filter, int? top, string? select, string? continuationToken, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        using var message = CreateMessage(RequestMethod.Get, "/" + Name + "()");
        var uri = message.Request.Uri;
        if (!string.IsNullOrEmpty(filter))
        {
            uri.AppendQuery("$filter", filter);
        }

        if (!string.IsNullOrEmpty(select))
        {
            uri.AppendQuery("$select", select);
        }

        if (top is { } pageSize)
        {
            uri.AppendQuery("$top", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (TableContinuation.TryParse(continuationToken, out var nextPartitionKey, out var nextRowKey))
        {
            uri.AppendQuery("NextPartitionKey", nextPartitionKey);
            if (nextRowKey is not null)
            {
                uri.AppendQuery("NextRowKey", nextRowKey);
            }
        }

        var response = await SendAsync(message, cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var values = json.RootElement.GetProperty("value").EnumerateArray()
            .Select(e => TableEntityMapper.FromTableEntity<T>(TableEntityJson.ReadEntity(e)))
            .ToList();
        return Page<T>.FromValues(values, TableContinuation.From(response), response);
    }

    private async Task<NullableResponse<T>> GetEntityCoreAsync<T>(string partitionKey, string rowKey, IEnumerable<string>? select, bool throwIfMissing, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        using var message = CreateMessage(RequestMethod.Get, "/" + Name + TableKeys.ToUriSegment(partitionKey, rowKey));
        if (select is not null)
        {
            message.Request.Uri.AppendQuery("$select", string.Join(',', select));
        }

        var response = await SendAsync(message, cancellationToken, expectedErrorStatus: throwIfMissing ? null : 404).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return new NoValueResponse<T>(response);
        }

        using var json = JsonDocument.Parse(response.Content.ToMemory());
        var entity = TableEntityJson.ReadEntity(json.RootElement);
        if (entity.ETag == default && response.Headers.ETag is { } etag)
        {
            entity.ETag = etag;
        }

        return Response.FromValue(TableEntityMapper.FromTableEntity<T>(entity), response);
    }

    private async Task<Response> WriteEntityAsync<T>(T entity, ETag? ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        TableKeys.Validate(entity);
        using var message = CreateMessage(MethodFor(mode), "/" + Name + TableKeys.ToUriSegment(entity.PartitionKey, entity.RowKey));
        if (ifMatch is { } etag)
        {
            message.Request.Headers.Add(HttpHeader.Names.IfMatch, etag.ToString());
        }

        SetJsonBody(message.Request, TableEntityJson.Serialize(TableEntityMapper.ToProperties(entity)));
        return await SendAsync(message, cancellationToken).ConfigureAwait(false);
    }

    internal static RequestMethod MethodFor(TableUpdateMode mode) =>
        mode == TableUpdateMode.Replace ? RequestMethod.Put : new RequestMethod("MERGE");

    /// <summary>
    /// Starts a Table service request at <paramref name="escapedPath"/> under the account. The
    /// account's table listing has never stated MaxDataServiceVersion, so it can leave it out
    /// and keep its requests as they were.
    /// </summary>
    internal static HttpMessage CreateMessage(HttpPipeline pipeline, Uri accountEndpoint, RequestMethod method, string escapedPath, bool statesMaxDataServiceVersion = true)
    {
        var message = pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(accountEndpoint);
        request.Uri.AppendPath(escapedPath, escape: false);
        request.Headers.Add(HttpHeader.Names.Accept, JsonAccept);
        request.Headers.Add("DataServiceVersion", "3.0");
        if (statesMaxDataServiceVersion)
        {
            request.Headers.Add("MaxDataServiceVersion", "3.0;NetFx");
        }

        return message;
    }

    private HttpMessage CreateMessage(RequestMethod method, string escapedPath) =>
        CreateMessage(_pipeline, _accountEndpoint, method, escapedPath);

    private static void SetJsonBody(Request request, byte[] body)
    {
        request.Headers.Add(HttpHeader.Names.ContentType, JsonContentType);
        request.Content = RequestContent.Create(body);
    }

    private Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken, int? expectedErrorStatus = null) =>
        _pipeline.SendCheckedAsync(message, cancellationToken, expectedErrorStatus);

    private static void ValidateTableName(string tableName)
    {
        if (string.IsNullOrEmpty(tableName) || !TableNamePattern().IsMatch(tableName) || tableName.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException(
                $"'{tableName}' is not a valid table name: 3 to 63 letters and digits, starting with a letter, and not 'tables'.",
                nameof(tableName));
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
