namespace Engage.Functions.Http;

/// <summary>
/// A feature's HTTP endpoints. Features register theirs in DI and the host maps every registered module,
/// so adding a feature never touches Program.cs.
/// </summary>
public interface IEndpointModule
{
    void MapEndpoints(IEndpointRouteBuilder routes);
}
