using Engage.Durable.Activities;
using Engage.Durable.Orchestration;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Durable;

/// <summary>Orchestrators and activities by name, as registered at start-up.</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, TaskOrchestrationContext, Task<object?>>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<TaskActivityContext, string?, Task<object?>>> _activities = new(StringComparer.OrdinalIgnoreCase);

    public DurableTaskRegistry AddOrchestratorFunc<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        Add(_orchestrators, name, async (_, context) => await orchestrator(context, context.GetInput<TInput>()!));
        return this;
    }

    public DurableTaskRegistry AddOrchestrator<TOrchestrator>(string? name = null)
        where TOrchestrator : class, ITaskOrchestrator
    {
        Add(_orchestrators, name ?? typeof(TOrchestrator).Name, (services, context) =>
            ActivatorUtilities.GetServiceOrCreateInstance<TOrchestrator>(services).RunAsync(context));
        return this;
    }

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        Add(_activities, name, async (context, input) => await activity(context, DataConverter.Deserialize<TInput>(input)!));
        return this;
    }

    public DurableTaskRegistry AddActivityFunc<TInput, TOutput>(string name, Func<TaskActivityContext, TInput, TOutput> activity) =>
        AddActivityFunc<TInput, TOutput>(name, (context, input) => Task.FromResult(activity(context, input)));

    public DurableTaskRegistry AddActivity<TActivity>(string? name = null)
        where TActivity : class, ITaskActivity
    {
        Add(_activities, name ?? typeof(TActivity).Name, (context, input) =>
        {
            var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.Services);
            return activity.RunAsync(context, DataConverter.Deserialize(input, activity.InputType));
        });
        return this;
    }

    internal bool TryGetOrchestrator(string name, out Func<IServiceProvider, TaskOrchestrationContext, Task<object?>> orchestrator) =>
        _orchestrators.TryGetValue(name, out orchestrator!);

    internal bool TryGetActivity(string name, out Func<TaskActivityContext, string?, Task<object?>> activity) =>
        _activities.TryGetValue(name, out activity!);

    private static void Add<T>(Dictionary<string, T> registry, string name, T value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!registry.TryAdd(name, value))
        {
            throw new ArgumentException($"'{name}' is registered twice.", nameof(name));
        }
    }
}
