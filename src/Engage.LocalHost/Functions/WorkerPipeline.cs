using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Engage.LocalHost.Functions;

/// <summary>
/// The app's worker middleware around every invocation, as the isolated worker runs it: the app registers its
/// middleware on this builder exactly as it does on <c>FunctionsApplication</c>, and the innermost step calls the
/// function.
/// </summary>
public sealed class WorkerPipeline(IServiceCollection services) : IFunctionsWorkerApplicationBuilder
{
    private readonly List<Func<FunctionExecutionDelegate, FunctionExecutionDelegate>> _middleware = [];

    public IServiceCollection Services => services;

    public IFunctionsWorkerApplicationBuilder Use(Func<FunctionExecutionDelegate, FunctionExecutionDelegate> middleware)
    {
        _middleware.Add(middleware);
        return this;
    }

    /// <summary>The middleware in registration order, outermost first, ending in <paramref name="function"/>.</summary>
    public FunctionExecutionDelegate Build(FunctionExecutionDelegate function) =>
        Enumerable.Reverse(_middleware).Aggregate(function, (next, middleware) => middleware(next));
}
