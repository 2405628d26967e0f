namespace Engage.Functions.Tests.Llm;

/// <summary>What <see cref="FakeOpenAiServer"/> saw of one request's route and credentials, rejected or not.</summary>
/// <param name="ApiVersion">The <c>api-version</c> query parameter.</param>
/// <param name="ApiKeyHeader">The <c>api-key</c> header (Azure OpenAI's key header).</param>
/// <param name="BearerToken">What followed <c>Bearer </c> in <c>Authorization</c>.</param>
public sealed record FakeRequest(string Path, string? ApiVersion, string? ApiKeyHeader, string? BearerToken);
