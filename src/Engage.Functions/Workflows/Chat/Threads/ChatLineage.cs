using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Engage.Functions.Http;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>
/// The messages a branch sees: its own, and before them those of its parent branches up to the message each forked
/// from. Sequence numbers are thread-wide and a branch starts after its fork, so the lineage in sequence order is the
/// conversation oldest first, and a page of it is one scan of the thread's messages from a sequence number.
/// </summary>
public sealed class ChatLineage
{
    private readonly Dictionary<string, int> _upTo = new(StringComparer.Ordinal);

    /// <param name="branches">The thread's branches by id; <paramref name="branchId"/> must be one.</param>
    public ChatLineage(IReadOnlyDictionary<string, ChatBranchRow> branches, string branchId)
    {
        _upTo[branchId] = int.MaxValue;
        var branch = branches[branchId];
        while (branch.ParentBranchId is { } parent && ChatMessageRow.TryParseId(branch.ForkMessageId, out var fork) && _upTo.TryAdd(parent, fork))
        {
            branch = branches[parent];
        }
    }

    public bool Contains(ChatMessageRow message) => _upTo.TryGetValue(message.BranchId, out var upTo) && message.Seq <= upTo;
}

/// <summary>Where a page of a thread's messages or events stopped: the list, the branch, and the last sequence number.</summary>
public sealed record ChatListPosition(
    [property: JsonPropertyName("l")] string List,
    [property: JsonPropertyName("b")] string? Branch,
    [property: JsonPropertyName("s")] int After)
{
    private const int MaxTokenLength = 256;

    public string Encode() => OpaqueToken.Encode(this);

    public static bool TryDecode(string token, string list, string? branch, [NotNullWhen(true)] out ChatListPosition? position, out string error)
    {
        const string StartOver = " Pass the continuation of the previous page unchanged, or leave it out to list from the start.";
        var problem = OpaqueToken.TryDecode<ChatListPosition>(token, MaxTokenLength, out position);
        error = problem switch
        {
            OpaqueToken.Problem.TooLong => $"continuation is longer than any token this list hands out ({token.Length} characters).{StartOver}",
            OpaqueToken.Problem.NotBase64Url => $"continuation is not base64url, so not a token this list handed out.{StartOver}",
            _ when position is null || position.List != list || position.After < 0 => $"continuation is not a position in this list.{StartOver}",
            _ when position.Branch != branch => $"continuation belongs to the list of another branch.{StartOver}",
            _ => string.Empty,
        };
        return error.Length == 0;
    }
}
