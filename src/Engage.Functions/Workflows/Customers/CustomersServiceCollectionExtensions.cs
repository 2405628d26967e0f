namespace Engage.Functions.Workflows.Customers;

public static class CustomersServiceCollectionExtensions
{
    /// <summary>Customers: their store and domain claims, the import, the daily rules timer's, and the demo customers in local development.</summary>
    public static IServiceCollection AddCustomers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CustomerDomains>();
        services.AddSingleton<CustomerStore>();
        services.AddSingleton<CustomerImport>();
        if (DemoCustomers.Enabled(configuration))
        {
            services.AddHostedService<DemoCustomerSeeding>();
        }

        return services;
    }
}
