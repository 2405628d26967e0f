using Engage.Functions.Discovery.Crews;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Discovery;

public static class ServiceProviderExtensions
{
    public static CrewCatalog GetCatalog(this IServiceProvider services) => services.GetRequiredService<CrewCatalog>();
}
