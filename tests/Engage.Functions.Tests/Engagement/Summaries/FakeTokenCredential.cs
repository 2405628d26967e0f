using System.Collections.Concurrent;
using Azure.Core;
using Engage.Functions.Tests.Llm;

namespace Engage.Functions.Tests.Engagement.Summaries;

/// <summary>
/// Entra ID without Entra ID: hands out <see cref="FakeOpenAiServer.EntraToken"/>, or throws <see cref="Failure"/>
/// when one is set, and records the scopes it was asked for.
/// </summary>
public sealed class FakeTokenCredential : TokenCredential
{
    private readonly ConcurrentQueue<string> _scopes = new();

    public Exception? Failure { get; init; }

    public IReadOnlyList<string> RequestedScopes => [.. _scopes];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            _scopes.Enqueue(scope);
        }

        return Failure is null ? new AccessToken(FakeOpenAiServer.EntraToken, DateTimeOffset.UtcNow.AddHours(1)) : throw Failure;
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
