using System.Diagnostics;
using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalHost.Functions;

/// <summary>
/// One invocation's <see cref="FunctionContext"/>: what the worker gives a function and its middleware (services of
/// the invocation's scope, the definition, binding data, features, items), plus the result the pipeline returns.
/// </summary>
public sealed class LocalFunctionContext(
    LocalFunction function,
    IServiceProvider services,
    IReadOnlyDictionary<string, object?> bindingData,
    CancellationToken cancellationToken) : FunctionContext
{
    public override string InvocationId { get; } = Guid.NewGuid().ToString();

    public override string FunctionId => function.Id;

    public override TraceContext TraceContext { get; } = new ActivityTraceContext(Activity.Current);

    public override BindingContext BindingContext { get; } = new DataBindingContext(bindingData);

    /// <summary>No retry policy is configured for any function, so there is none, as in the worker.</summary>
    public override RetryContext RetryContext => null!;

    public override IServiceProvider InstanceServices { get; set; } = services;

    public override FunctionDefinition FunctionDefinition => function;

    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

    public override IInvocationFeatures Features { get; } = new FeatureCollection();

    public override CancellationToken CancellationToken => cancellationToken;

    public LocalFunction Function => function;

    /// <summary>The trigger's value: the request, the orchestration context, the timer or the activity input.</summary>
    public object? TriggerValue { get; set; }

    /// <summary>What the function returned (its task's result), for the trigger to deliver.</summary>
    public object? Result { get; set; }

    private sealed class ActivityTraceContext(Activity? activity) : TraceContext
    {
        public override string TraceParent => activity?.Id ?? string.Empty;

        public override string TraceState => activity?.TraceStateString ?? string.Empty;
    }

    private sealed class DataBindingContext(IReadOnlyDictionary<string, object?> data) : BindingContext
    {
        public override IReadOnlyDictionary<string, object?> BindingData => data;
    }

    private sealed class FeatureCollection : IInvocationFeatures
    {
        private readonly Dictionary<Type, object?> _features = [];

        public T Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature! : default!;

        public void Set<T>(T instance) => _features[typeof(T)] = instance;

        public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() =>
            _features.Where(f => f.Value is not null).Select(f => KeyValuePair.Create(f.Key, f.Value!)).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
