namespace Engage.Functions.Workflows.Customers;

/// <summary>What claiming a domain for a customer came to.</summary>
public enum DomainClaim
{
    /// <summary>The domain is the customer's now (or was already).</summary>
    Claimed,

    /// <summary>Another customer has the domain.</summary>
    Taken,

    /// <summary>Another request claimed it a moment ago and has not yet saved its customer; a retry in a few seconds is answered.</summary>
    InProgress,
}
