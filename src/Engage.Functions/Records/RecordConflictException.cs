namespace Engage.Functions.Records;

/// <summary>
/// The record changed between reading it and writing it (another request, or an orchestration's write). The HTTP
/// middleware answers it with 412, which is what a stale <c>If-Match</c> gets too.
/// </summary>
public sealed class RecordConflictException(string recordId)
    : Exception($"Record {recordId} was changed by someone else; read it again and retry.")
{
    public string RecordId { get; } = recordId;
}
