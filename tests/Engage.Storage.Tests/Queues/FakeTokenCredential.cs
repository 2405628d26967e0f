using Azure.Core;

namespace Engage.Storage.Tests.Queues;

/// <summary>Hands out a fixed token and remembers the scopes it was asked for.</summary>
internal sealed class FakeTokenCredential(string token) : TokenCredential
{
    public List<string[]> RequestedScopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        RequestedScopes.Add(requestContext.Scopes);
        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
