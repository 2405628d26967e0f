using Engage.Functions.Http;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Durable.Management;

/// <summary>
/// Durable Functions' HTTP management API at <see cref="BasePath"/>, as <c>func start</c> serves it: instance
/// status and lists, events, terminate, suspend, resume, rewind, restart and purge, for the one task hub the engine
/// runs, on the registered <see cref="DurableTaskClient"/>. No keys are checked: the host listens on loopback only.
/// </summary>
public static partial class DurableManagementApi
{
    public const string BasePath = "/runtime/webhooks/durabletask";

    public static RouteGroupBuilder MapDurableManagementApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(BasePath);
        api.AddEndpointFilter(AnswerProblemsAsync);
        api.AddEndpointFilter(RequireOwnTaskHubAsync);

        api.MapGet("/instances", InstanceQueryEndpoints.ListAsync);
        api.MapGet("/instances/{instanceId}", InstanceQueryEndpoints.GetAsync);
        api.MapPost("/instances/{instanceId}/raiseEvent/{eventName}", InstanceCommandEndpoints.RaiseEventAsync);
        api.MapPost("/instances/{instanceId}/terminate", InstanceCommandEndpoints.TerminateAsync);
        api.MapPost("/instances/{instanceId}/suspend", InstanceCommandEndpoints.SuspendAsync);
        api.MapPost("/instances/{instanceId}/resume", InstanceCommandEndpoints.ResumeAsync);
        api.MapPost("/instances/{instanceId}/rewind", InstanceCommandEndpoints.RewindAsync);
        api.MapPost("/instances/{instanceId}/restart", InstanceCommandEndpoints.RestartAsync);
        api.MapDelete("/instances/{instanceId}", PurgeEndpoints.PurgeAsync);
        api.MapDelete("/instances", PurgeEndpoints.PurgeManyAsync);
        return api;
    }

    /// <summary>
    /// A refused argument becomes a 400 with its reason; anything else is logged and answered with a trace id only,
    /// since an exception's message or stack can reveal storage internals.
    /// </summary>
    private static async ValueTask<object?> AnswerProblemsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (BadManagementRequestException e)
        {
            return ManagementProblems.BadRequest(e.Message);
        }
        catch (Exception e) when (!(e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
        {
            var traceId = Problems.TraceId(http);
            LogFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DurableManagementApi)), e, http.Request.Method, http.Request.Path, traceId);
            return Problems.Unexpected(traceId);
        }
    }

    /// <summary>
    /// Durable Functions serves whichever task hub a link names; the engine runs one, so naming another is refused
    /// rather than answered from the wrong hub.
    /// </summary>
    private static ValueTask<object?> RequireOwnTaskHubAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var hub = context.HttpContext.RequestServices.GetRequiredService<DurableTaskClient>().Name;
        return ManagementQuery.Text(context.HttpContext.Request.Query, "taskHub") is { } named && !string.Equals(named, hub, StringComparison.OrdinalIgnoreCase)
            ? ValueTask.FromResult<object?>(ManagementProblems.BadRequest($"This host runs task hub '{hub}', not '{named}'."))
            : next(context);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Durable management request {Method} {Path} failed (traceId {TraceId})")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string path, string traceId);
}
