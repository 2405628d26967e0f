namespace Engage.Durable.Http;

/// <summary>The caller sent something the API cannot act on; answered as 400 problem+json with this message as the detail.</summary>
internal sealed class BadManagementRequestException(string detail) : Exception(detail);
