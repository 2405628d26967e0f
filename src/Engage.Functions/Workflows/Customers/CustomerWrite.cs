namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// What a create or a change of a customer came to: the customer as saved, or why its domain could not be claimed
/// (<see cref="DomainClaim.Taken"/> by <see cref="DomainHolderId"/>, or <see cref="DomainClaim.InProgress"/>).
/// </summary>
public sealed record CustomerWrite(Customer? Customer, DomainClaim Domain = DomainClaim.Claimed, string? DomainHolderId = null)
{
    public static CustomerWrite Refused((DomainClaim Outcome, string? HolderId) claim) => new(null, claim.Outcome, claim.HolderId);
}
