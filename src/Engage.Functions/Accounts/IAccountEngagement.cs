namespace Engage.Functions.Accounts;

/// <summary>
/// What the engagement feature knows about an account, for the features that serve the account's CSM (the workflow
/// context, the step chat) without depending on the engagement feature: its latest complete engagement summary.
/// </summary>
public interface IAccountEngagement
{
    /// <summary>The latest complete summary of <paramref name="domain"/>, or null when it has none (or is no domain).</summary>
    Task<AccountEngagement?> GetLatestAsync(string domain, CancellationToken cancellationToken);
}
