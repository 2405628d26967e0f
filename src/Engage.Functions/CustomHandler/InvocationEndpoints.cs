using Engage.Functions.Http;
using Engage.Functions.Keys;
using Engage.Functions.Timers;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// What only the Functions host calls: <c>GET /</c>, its readiness check (any answer means ready), and
/// <c>POST /{FunctionName}</c> for every timer and queue function. HTTP functions need nothing here: the host
/// forwards their requests to the app's own routes.
/// </summary>
public sealed class InvocationEndpoints(IEnumerable<ITimerFunction> timers, IEnumerable<IQueueFunction> queues) : IEndpointModule
{
    public void MapEndpoints(IEndpointRouteBuilder routes)
    {
        // The host has already authorized an invocation, and sends no key with it.
        routes.MapGet("/", () => TypedResults.Text("Engage is ready."))
            .WithMetadata(InvokedFunctionMetadata.Instance)
            .WithAuthLevel(AuthorizationLevel.Anonymous);

        foreach (var timer in timers)
        {
            routes.MapPost("/" + timer.Name, (HttpRequest request, TimerInvoker invoker, CancellationToken cancellationToken) =>
                    invoker.InvokeAsync(timer, request, cancellationToken))
                .WithMetadata(InvokedFunctionMetadata.Instance)
                .WithAuthLevel(AuthorizationLevel.Anonymous);
        }

        foreach (var queue in queues)
        {
            routes.MapPost("/" + queue.Name, (HttpRequest request, QueueInvoker invoker, CancellationToken cancellationToken) =>
                    invoker.InvokeAsync(queue, request, cancellationToken))
                .WithMetadata(InvokedFunctionMetadata.Instance)
                .WithAuthLevel(AuthorizationLevel.Anonymous);
        }
    }
}
