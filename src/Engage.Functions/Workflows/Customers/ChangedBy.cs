namespace Engage.Functions.Workflows.Customers;

/// <summary>Who changes a customer and why, for the change's event: the user (or <c>import</c>, <c>demo</c>), the reason, and the request's trace.</summary>
public sealed record ChangedBy(string Actor, string Reason, string? TraceId = null);
