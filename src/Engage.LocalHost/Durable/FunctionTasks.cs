using DurableTask.Core;
using Engage.LocalHost.Functions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;

namespace Engage.LocalHost.Durable;

/// <summary>
/// The app's <c>orchestrationTrigger</c> and <c>activityTrigger</c> functions as the engine's orchestrations and
/// activities, by function name, through <c>Microsoft.DurableTask.Worker</c>'s shims, which run the
/// <c>Microsoft.DurableTask</c> programming model on DurableTask.Core.
/// </summary>
public sealed class FunctionTasks
{
    private readonly Dictionary<string, LocalFunction> _orchestrators;
    private readonly Dictionary<string, LocalFunction> _activities;
    private readonly FunctionInvoker _invoker;
    private readonly IServiceProvider _services;
    private readonly DurableTaskShimFactory _shims;
    private readonly DataConverter _converter;

    public FunctionTasks(FunctionCatalog catalog, FunctionInvoker invoker, DataConverter converter, IServiceProvider services, ILoggerFactory loggerFactory)
    {
        _orchestrators = catalog.WithTrigger(BindingTypes.Orchestration).ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        _activities = catalog.WithTrigger(BindingTypes.Activity).ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
        _invoker = invoker;
        _services = services;
        _converter = converter;
        _shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = converter }, loggerFactory);
    }

    /// <summary>What the engine's worker looks orchestrations up in.</summary>
    public INameVersionObjectManager<TaskOrchestration> Orchestrations => new TaskLookup<TaskOrchestration>(name =>
        _orchestrators.TryGetValue(name, out var function) ? _shims.CreateOrchestration(name, new Orchestrator(this, function)) : null);

    /// <summary>What the engine's worker looks activities up in.</summary>
    public INameVersionObjectManager<TaskActivity> Activities => new TaskLookup<TaskActivity>(name =>
        _activities.TryGetValue(name, out var function) ? _shims.CreateActivity(name, new Activity(this, function)) : null);

    /// <summary>
    /// An orchestrator function, run once per episode. It gets the root services rather than a scope: an episode
    /// that awaits unfinished work is abandoned, not completed, so a scope would never be disposed.
    /// </summary>
    private sealed class Orchestrator(FunctionTasks tasks, LocalFunction function) : ITaskOrchestrator
    {
        public Type InputType => typeof(object);

        public Type OutputType => typeof(object);

        public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
        {
            var wrapper = new FunctionOrchestrationContext(context, input, tasks._converter);
            var invocation = new LocalFunctionContext(function, tasks._services, new Dictionary<string, object?>(), CancellationToken.None)
            {
                TriggerValue = wrapper,
            };
            await tasks._invoker.InvokeAsync(invocation);
            FunctionOrchestrationContext.ThrowIfIllegalAccess();
            return invocation.Result;
        }
    }

    /// <summary>An activity function in a service scope of its own, its input converted to its trigger parameter's type.</summary>
    private sealed class Activity(FunctionTasks tasks, LocalFunction function) : ITaskActivity
    {
        public Type InputType => function.TriggerParameter.ParameterType;

        public Type OutputType => function.ResultType ?? typeof(object);

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            await using var scope = tasks._services.CreateAsyncScope();
            var lifetime = scope.ServiceProvider.GetRequiredService<DurableEngine>();
            var invocation = new LocalFunctionContext(function, scope.ServiceProvider, new Dictionary<string, object?>(), lifetime.Stopping)
            {
                TriggerValue = input,
            };
            await tasks._invoker.InvokeAsync(invocation);
            return invocation.Result;
        }
    }
}
