using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engage.LocalHost.Functions;

/// <summary>
/// One entry of <c>functions.metadata</c>, the catalogue the Worker SDK writes at build and the Functions host
/// reads: the function's name, its method, and its bindings.
/// </summary>
public sealed class FunctionMetadata
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("scriptFile")]
    public required string ScriptFile { get; init; }

    /// <summary><c>Namespace.Class.Method</c>.</summary>
    [JsonPropertyName("entryPoint")]
    public required string EntryPoint { get; init; }

    [JsonPropertyName("bindings")]
    public IReadOnlyList<BindingMetadataEntry> Bindings { get; init; } = [];

    /// <summary>The one input binding whose type ends in <c>Trigger</c>.</summary>
    public BindingMetadataEntry Trigger => Bindings.SingleOrDefault(b => b.IsTrigger)
        ?? throw new InvalidDataException($"Function {Name} in functions.metadata has no trigger binding.");
}

/// <summary>A binding as <c>functions.metadata</c> describes it; the properties each trigger type uses are named.</summary>
public sealed class BindingMetadataEntry
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("type")]
    public required string Type { get; init; }

    [JsonPropertyName("direction")]
    public required string Direction { get; init; }

    [JsonPropertyName("route")]
    public string? Route { get; init; }

    [JsonPropertyName("methods")]
    public IReadOnlyList<string>? Methods { get; init; }

    [JsonPropertyName("schedule")]
    public string? Schedule { get; init; }

    [JsonPropertyName("runOnStartup")]
    public bool RunOnStartup { get; init; }

    public bool IsInput => string.Equals(Direction, "In", StringComparison.OrdinalIgnoreCase);

    public bool IsTrigger => IsInput && Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    public bool Is(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The binding types the local host serves.</summary>
public static class BindingTypes
{
    public const string Http = "httpTrigger";
    public const string Timer = "timerTrigger";
    public const string Orchestration = "orchestrationTrigger";
    public const string Activity = "activityTrigger";
    public const string DurableClient = "durableClient";

    public static readonly IReadOnlySet<string> Triggers = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Http, Timer, Orchestration, Activity };

    internal static readonly JsonSerializerOptions Json = new() { ReadCommentHandling = JsonCommentHandling.Skip };
}
