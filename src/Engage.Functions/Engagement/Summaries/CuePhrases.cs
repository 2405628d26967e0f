using System.Text.RegularExpressions;

namespace Engage.Functions.Engagement.Summaries;

/// <summary>
/// Phrases by which people announce a goal, a challenge or a risk. A sentence goes to one list only, the
/// most pressing that matches: "we need to fix the sync before the renewal" is a risk first.
/// </summary>
internal static partial class CuePhrases
{
    public static SentenceKind Classify(string sentence) =>
        Risk().IsMatch(sentence) ? SentenceKind.Risk
        : Challenge().IsMatch(sentence) ? SentenceKind.Challenge
        : Goal().IsMatch(sentence) ? SentenceKind.Goal
        : SentenceKind.None;

    [GeneratedRegex(
        @"\b(?:risks?|risky|concern(?:ed|s|ing)?|worr(?:y|ied|ies|ying)|if (?:this|that|it) slips|slip(?:s|ped|ping)?|competitors?|budgets?|renewals?|renew|churn|cancel(?:led|ling|lation)?|deadline|escalat\w*|alternatives?|procurement|legal review|security review|freeze|layoffs?)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Risk();

    [GeneratedRegex(
        @"\b(?:the (?:main |big |biggest |real )?problem is|problems?|struggl\w*|blocked|blockers?|blocking|pain(?:ful| points?)?|frustrat\w*|issues?|difficult\w*|hard to|challeng\w*|bottlenecks?|manual(?:ly)?|slow(?:s|er|ly|ed)?|broken|breaks|doesn't work|does not work|workarounds?|takes forever|errors?|fail(?:s|ing|ed|ures?)?)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Challenge();

    [GeneratedRegex(
        @"\b(?:our (?:main |big |top |primary )?(?:goal|objective|aim|priority|target)s?|the goal|goals?|objectives?|we want to|we'd like to|we would like to|we need to|we're (?:aiming|planning|hoping|looking) to|we are (?:aiming|planning|hoping|looking) to|we plan to|we hope to|aim(?:ing)? to|by (?:q[1-4]|the end of|end of|next (?:quarter|year))|roll(?:ing)? (?:it |this )?out|launch\w*|expand\w*|targets?)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Goal();
}
