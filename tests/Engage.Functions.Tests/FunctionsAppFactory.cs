using Engage.Functions.Hosting;
using Engage.Functions.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests;

/// <summary>
/// The real app plus <see cref="TestEndpoints"/>, as a keyed production host unless a test says otherwise.
/// Every host setting is pinned, so a developer's own local.settings.json cannot change what a test sees.
/// </summary>
public sealed class FunctionsAppFactory : WebApplicationFactory<Program>
{
    public const string FunctionKey = "function-key-one";
    public const string OtherFunctionKey = "function-key-two";
    public const string AdminKey = "admin-key-0123456789";

    public CapturedLogs Logs { get; } = new();

    /// <summary>A factory for the same app with these settings on top.</summary>
    public WebApplicationFactory<Program> With(params (string Key, string? Value)[] settings) =>
        WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });

    /// <summary>Keys on, with two function keys and an admin key.</summary>
    public WebApplicationFactory<Program> WithKeys(params (string Key, string? Value)[] settings) =>
        With([
            (FunctionsHostOptions.FunctionKeysSetting, $"{FunctionKey}, {OtherFunctionKey}"),
            (FunctionsHostOptions.AdminKeySetting, AdminKey),
            .. settings,
        ]);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        PinnedSettings.Pin(builder, functionsEnvironment: "Production", customHandlerPort: string.Empty, storage: string.Empty);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IEndpointModule, TestEndpoints>();

            // Captured instead of written to the console, where they would bury the test results.
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(Logs);
        });
    }
}
