namespace Engage.Functions.Workflows.Context;

public static class ContextServiceCollectionExtensions
{
    /// <summary>The customer context; it reads engagement through the shared <see cref="Accounts.IAccountEngagement"/>, which the engagement feature provides.</summary>
    public static IServiceCollection AddCustomerContext(this IServiceCollection services) =>
        services.AddSingleton<CustomerContextReader>();
}
