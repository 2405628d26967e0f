namespace Engage.Functions.Discovery.Index;

/// <summary>
/// A crew's next activity rows after <see cref="After"/>, newest first, merged over the shards. The first
/// <c>limit</c> of them are the crew's next; <see cref="MayHaveMore"/> says whether older ones may follow.
/// </summary>
public sealed record CrewRows(string CrewKey, string After, IReadOnlyList<ConversationEntity> Rows, bool MayHaveMore);
