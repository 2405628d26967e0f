namespace Engage.Functions.Discovery.Index;

/// <summary>One page of the newest-first list and the token for the next, null on the last page.</summary>
public sealed record ConversationPage(IReadOnlyList<ConversationEntity> Items, string? Continuation);
