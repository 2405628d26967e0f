namespace Engage.LocalHost.Durable.Management;

/// <summary>The caller sent something the API cannot act on: answered 400 problem+json with this message as the detail.</summary>
public sealed class BadManagementRequestException(string detail) : Exception(detail);
