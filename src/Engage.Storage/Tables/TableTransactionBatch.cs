using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Engage.Storage.Internal;

namespace Engage.Storage.Tables;

/// <summary>
/// The multipart body of an entity group transaction and the reading of its answer. Inner
/// request lines carry absolute URLs and bodies are single-line JSON, which both Azure and
/// Azurite's parser accept.
/// </summary>
internal sealed partial class TableTransactionBatch
{
    private const string Crlf = "\r\n";
    private readonly IReadOnlyList<TableTransactionAction> _actions;
    private readonly string _batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
    private readonly string _changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");

    public TableTransactionBatch(Uri tableUri, IReadOnlyList<TableTransactionAction> actions)
    {
        _actions = actions;
        Body = BuildBody(tableUri.AbsoluteUri.TrimEnd('/'));
    }

    public string ContentType => "multipart/mixed; boundary=" + _batchBoundary;

    public byte[] Body { get; }

    public static void Validate(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > TableClient.MaxTransactionActions)
        {
            throw new ArgumentException(
                $"A transaction holds 1 to {TableClient.MaxTransactionActions} operations; this one has {actions.Count}.", nameof(actions));
        }

        var partitionKey = actions[0].Entity.PartitionKey;
        var rowKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var entity = actions[i].Entity;
            TableKeys.Validate(entity);
            if (entity.PartitionKey != partitionKey)
            {
                throw new ArgumentException($"Operation {i} is for partition '{entity.PartitionKey}'; a transaction covers one partition ('{partitionKey}').", nameof(actions));
            }

            if (!rowKeys.Add(entity.RowKey))
            {
                throw new ArgumentException($"Operation {i} touches row '{entity.RowKey}' again; a transaction may touch each entity once.", nameof(actions));
            }
        }
    }

    public IReadOnlyList<Response> ReadResponse(Response response)
    {
        var parts = ParseParts(response);
        var failed = parts.FirstOrDefault(p => p.Status >= 400);
        if (failed is not null)
        {
            var (code, serviceMessage) = ReadError(failed);
            var match = FailedIndexPattern().Match(serviceMessage);
            int? index = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            if (index is null && parts.Count == _actions.Count)
            {
                index = parts.IndexOf(failed);
            }

            var entity = index is { } i && i < _actions.Count ? _actions[i].Entity : null;
            var text = match.Success ? serviceMessage[match.Length..] : serviceMessage;
            throw new TableTransactionFailedException(failed.Status, code, text, index, entity);
        }

        if (parts.Count != _actions.Count)
        {
            throw new RequestFailedException(response.Status, $"The transaction answer has {parts.Count} parts for {_actions.Count} operations.");
        }

        return parts;
    }

    private byte[] BuildBody(string tableUri)
    {
        var body = new StringBuilder();
        body.Append("--").Append(_batchBoundary).Append(Crlf)
            .Append("Content-Type: multipart/mixed; boundary=").Append(_changesetBoundary).Append(Crlf)
            .Append(Crlf);

        for (var i = 0; i < _actions.Count; i++)
        {
            var action = _actions[i];
            var entity = action.Entity;
            var entityUri = tableUri + TableKeys.ToUriSegment(entity.PartitionKey, entity.RowKey);
            var (method, uri, ifMatch, hasBody) = action.ActionType switch
            {
                TableTransactionActionType.Add => ("POST", tableUri, (ETag?)null, true),
                TableTransactionActionType.UpsertMerge => ("MERGE", entityUri, null, true),
                TableTransactionActionType.UpsertReplace => ("PUT", entityUri, null, true),
                TableTransactionActionType.UpdateMerge => ("MERGE", entityUri, EtagOrAll(action.ETag), true),
                TableTransactionActionType.UpdateReplace => ("PUT", entityUri, EtagOrAll(action.ETag), true),
                TableTransactionActionType.Delete => ("DELETE", entityUri, EtagOrAll(action.ETag), false),
                _ => throw new ArgumentOutOfRangeException(nameof(_actions), action.ActionType, "Unknown transaction action."),
            };

            body.Append("--").Append(_changesetBoundary).Append(Crlf)
                .Append("Content-Type: application/http").Append(Crlf)
                .Append("Content-Transfer-Encoding: binary").Append(Crlf)
                .Append(Crlf)
                .Append(method).Append(' ').Append(uri).Append(" HTTP/1.1").Append(Crlf)
                .Append("Accept: ").Append(TableClient.JsonAccept).Append(Crlf)
                .Append("Content-ID: ").Append(i + 1).Append(Crlf)
                .Append("DataServiceVersion: 3.0;").Append(Crlf);
            if (method == "POST")
            {
                body.Append("Prefer: return-no-content").Append(Crlf);
            }

            if (ifMatch is { } etag)
            {
                body.Append("If-Match: ").Append(etag.ToString()).Append(Crlf);
            }

            if (hasBody)
            {
                body.Append("Content-Type: application/json").Append(Crlf)
                    .Append(Crlf)
                    .Append(Encoding.UTF8.GetString(TableEntityJson.Serialize(TableEntityMapper.ToProperties(entity)))).Append(Crlf);
            }
            else
            {
                body.Append(Crlf);
            }
        }

        body.Append("--").Append(_changesetBoundary).Append("--").Append(Crlf)
            .Append("--").Append(_batchBoundary).Append("--").Append(Crlf);
        return Encoding.UTF8.GetBytes(body.ToString());
    }

    private static ETag EtagOrAll(ETag etag) => etag == default ? ETag.All : etag;

    /// <summary>Splits the multipart answer into its <c>application/http</c> parts.</summary>
    private static List<TransactionPartResponse> ParseParts(Response response)
    {
        var text = response.Content.ToString();
        var parts = new List<TransactionPartResponse>();
        foreach (Match status in StatusLinePattern().Matches(text))
        {
            var start = status.Index + status.Length;
            var end = text.IndexOf("\n--", start, StringComparison.Ordinal);
            var block = (end < 0 ? text[start..] : text[start..end]).Replace("\r", string.Empty, StringComparison.Ordinal);
            var split = block.IndexOf("\n\n", StringComparison.Ordinal);
            var headerText = split < 0 ? block : block[..split];
            var content = split < 0 ? string.Empty : block[(split + 2)..].Trim();
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in headerText.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
                }
            }

            parts.Add(new TransactionPartResponse(
                int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture),
                status.Groups[2].Value.Trim(),
                headers,
                content));
        }

        return parts;
    }

    /// <summary>An answer without both a code and a message is described by its reason phrase.</summary>
    private static (string? Code, string Message) ReadError(TransactionPartResponse part) =>
        StorageErrorParser.TryReadODataError(part.Content.ToString(), out var code, out var message) && code is not null && message is not null
            ? (code, message)
            : (null, part.ReasonPhrase);

    [GeneratedRegex(@"HTTP/1\.1 (\d{3})([^\r\n]*)\r?\n")]
    private static partial Regex StatusLinePattern();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex FailedIndexPattern();
}
