namespace Engage.Functions.Workflows.Customers;

/// <summary>Which customers a list holds: each value given must match exactly (owners are stored in lower case).</summary>
public sealed record CustomerFilter(string? Owner = null, string? AccountPlan = null, string? RenewalStage = null);
