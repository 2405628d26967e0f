using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace Engage.Storage.Tables;

/// <summary>The answer to one operation inside an entity group transaction.</summary>
internal sealed class TransactionPartResponse(int status, string reasonPhrase, IReadOnlyDictionary<string, string> headers, string content) : Response
{
    public override int Status => status;

    public override string ReasonPhrase => reasonPhrase;

    public override Stream? ContentStream { get; set; } = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content), writable: false);

    public override string ClientRequestId { get; set; } = string.Empty;

    public override BinaryData Content => BinaryData.FromString(content);

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => headers.ContainsKey(name);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => headers.Select(h => new HttpHeader(h.Key, h.Value));

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => headers.TryGetValue(name, out value);

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        var found = headers.TryGetValue(name, out var value);
        values = found ? [value!] : null;
        return found;
    }
}
