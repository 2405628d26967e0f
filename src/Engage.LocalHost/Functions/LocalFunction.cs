using System.Collections.Immutable;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Engage.LocalHost.Functions;

/// <summary>A function of the catalogue with its method, described to the app as the worker describes it.</summary>
public sealed class LocalFunction : FunctionDefinition
{
    public LocalFunction(FunctionMetadata metadata, MethodInfo method, string pathToAssembly)
    {
        Metadata = metadata;
        Method = method;
        PathToAssembly = pathToAssembly;
        Parameters = [.. method.GetParameters().Select(p => new FunctionParameter(p.Name!, p.ParameterType, p.HasDefaultValue, p.DefaultValue))];
        InputBindings = metadata.Bindings.Where(b => b.IsInput).ToImmutableDictionary(b => b.Name, b => (BindingMetadata)new Binding(b));
        OutputBindings = metadata.Bindings.Where(b => !b.IsInput).ToImmutableDictionary(b => b.Name, b => (BindingMetadata)new Binding(b));
        TriggerParameter = method.GetParameters().SingleOrDefault(p => p.Name == metadata.Trigger.Name)
            ?? throw new InvalidOperationException($"Function {metadata.Name}: {metadata.EntryPoint} has no parameter '{metadata.Trigger.Name}' for its trigger.");
    }

    public FunctionMetadata Metadata { get; }

    public MethodInfo Method { get; }

    public BindingMetadataEntry Trigger => Metadata.Trigger;

    public ParameterInfo TriggerParameter { get; }

    /// <summary>What the method's task yields: <c>T</c> of <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>, else the return type; null for none.</summary>
    public Type? ResultType => Method.ReturnType switch
    {
        { IsGenericType: true } t when t.GetGenericTypeDefinition() == typeof(Task<>) || t.GetGenericTypeDefinition() == typeof(ValueTask<>) => t.GetGenericArguments()[0],
        var t when t == typeof(Task) || t == typeof(ValueTask) || t == typeof(void) => null,
        var t => t,
    };

    public override ImmutableArray<FunctionParameter> Parameters { get; }

    public override string PathToAssembly { get; }

    public override string EntryPoint => Metadata.EntryPoint;

    /// <summary>The worker's id is opaque; the name is unique within an app and reads well in logs.</summary>
    public override string Id => Metadata.Name;

    public override string Name => Metadata.Name;

    public override IImmutableDictionary<string, BindingMetadata> InputBindings { get; }

    public override IImmutableDictionary<string, BindingMetadata> OutputBindings { get; }

    private sealed class Binding(BindingMetadataEntry entry) : BindingMetadata
    {
        public override string Name => entry.Name;

        public override string Type => entry.Type;

        public override BindingDirection Direction => entry.IsInput ? BindingDirection.In : BindingDirection.Out;
    }
}
