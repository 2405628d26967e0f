namespace Engage.Functions.Keys;

public static class AuthLevelEndpointExtensions
{
    /// <summary>Declares who may call the endpoint (or every endpoint of a group); the innermost declaration wins.</summary>
    public static TBuilder WithAuthLevel<TBuilder>(this TBuilder builder, AuthorizationLevel level)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AuthLevelAttribute(level));
}
