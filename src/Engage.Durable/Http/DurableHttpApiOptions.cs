using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Engage.Durable.Http;

/// <summary>
/// Where the management API lives and what its links carry; set with
/// <c>services.Configure&lt;DurableHttpApiOptions&gt;(...)</c>. One place for both, so the links a starter
/// hands out always point at the routes <see cref="DurableTaskManagementApiExtensions.MapDurableTaskManagementApi"/> mapped.
/// </summary>
public sealed class DurableHttpApiOptions
{
    /// <summary>Durable Functions' base path since Functions 2.x.</summary>
    public const string DefaultBasePath = "/runtime/webhooks/durabletask";

    public string BasePath { get; set; } = DefaultBasePath;

    /// <summary>
    /// Appended to every management link as <c>code</c>, as Durable Functions appends its system key, so
    /// whoever holds a link can call it where keys are checked. Null: links carry no key.
    /// </summary>
    public string? SystemKey { get; set; }

    internal static DurableHttpApiOptions From(IServiceProvider services) =>
        services.GetService<IOptions<DurableHttpApiOptions>>()?.Value ?? new DurableHttpApiOptions();

    /// <summary>The base path without a trailing slash, ready to prefix routes and links.</summary>
    internal string NormalizedBasePath() =>
        BasePath.StartsWith('/')
            ? BasePath.TrimEnd('/')
            : throw new InvalidOperationException($"{nameof(DurableHttpApiOptions)}.{nameof(BasePath)} must start with '/', not '{BasePath}'.");
}
