namespace Engage.Functions.Health;

/// <summary>
/// One dependency checked by <c>/api/health</c>, reported at <c>{Group}.{Name}</c> in the answer (for example
/// <c>storage.tables</c>). A probe never throws: a failure is an unhealthy <see cref="ProbeResult"/>.
/// </summary>
public interface IHealthProbe
{
    string Group { get; }

    string Name { get; }

    Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken);
}
