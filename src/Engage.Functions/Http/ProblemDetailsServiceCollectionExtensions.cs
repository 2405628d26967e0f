namespace Engage.Functions.Http;

public static class ProblemDetailsServiceCollectionExtensions
{
    /// <summary>Every error answer as RFC 9457 problem+json: exceptions, binding failures, and bare status codes.</summary>
    public static IServiceCollection AddEngageProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails();

        // Order matters: the first handler that accepts an exception answers.
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnhandledExceptionHandler>();

        // Without this, minimal APIs answer a binding failure with an empty 400 outside Development.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }
}
