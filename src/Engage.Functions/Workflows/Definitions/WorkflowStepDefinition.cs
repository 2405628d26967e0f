using System.Text.Json.Serialization;

namespace Engage.Functions.Workflows.Definitions;

/// <summary>One step of a workflow definition, which every execution of that version copies.</summary>
/// <param name="Type">One of <see cref="StepTypes"/>.</param>
/// <param name="Goal">What the step is for, shown to the CSM and the assistant.</param>
/// <param name="Sla">How long the step may stay active before it escalates by itself; null for never.</param>
/// <param name="CompletesWithTask">A task tied to this step completes the step when the task is completed.</param>
public sealed record WorkflowStepDefinition(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("goal")] string? Goal,
    [property: JsonPropertyName("sla"), JsonConverter(typeof(IsoDurationJsonConverter))] TimeSpan? Sla,
    [property: JsonPropertyName("completesWithTask")] bool CompletesWithTask);

public static class StepTypes
{
    public const string Chat = "chat";
    public const string Task = "task";
    public const string Review = "review";
    public const string Action = "action";

    public static readonly IReadOnlyList<string> All = [Chat, Task, Review, Action];
}
