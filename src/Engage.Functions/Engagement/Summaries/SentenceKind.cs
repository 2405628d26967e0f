namespace Engage.Functions.Engagement.Summaries;

internal enum SentenceKind
{
    None,
    Goal,
    Challenge,
    Risk,
}
