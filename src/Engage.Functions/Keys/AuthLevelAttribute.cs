namespace Engage.Functions.Keys;

/// <summary>
/// Endpoint metadata carrying the endpoint's <see cref="AuthorizationLevel"/>; usable as an attribute on a
/// handler or through <see cref="AuthLevelEndpointExtensions.WithAuthLevel"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class AuthLevelAttribute(AuthorizationLevel level) : Attribute
{
    public AuthorizationLevel Level { get; } = level;
}
