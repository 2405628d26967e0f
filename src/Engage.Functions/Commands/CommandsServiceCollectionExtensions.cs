using Engage.Functions.Identity;
using Engage.Functions.Records;

namespace Engage.Functions.Commands;

public static class CommandsServiceCollectionExtensions
{
    /// <summary>
    /// What every command shares, whichever feature it belongs to: Idempotency-Key handling, who the caller is, and the
    /// customer records with their versions and events.
    /// </summary>
    public static IServiceCollection AddCommands(this IServiceCollection services)
    {
        services.AddSingleton<IdempotencyStore>();
        services.AddSingleton<IdempotentCommands>();
        services.AddSingleton<CallerIdentity>();
        services.AddSingleton<CustomerRecords>();
        return services;
    }
}
