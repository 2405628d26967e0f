using Engage.Functions.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests;

/// <summary>The app with nothing preset, started on a content root of the test's choosing.</summary>
public sealed class LocalSettingsAppFactory(string contentRoot) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(contentRoot);
        builder.ConfigureTestServices(services => services.AddSingleton<IEndpointModule, TestEndpoints>());
    }
}
