using System.Text.RegularExpressions;
using Engage.Functions.Http;
using Engage.Functions.Workflows.Customers;

namespace Engage.Functions.Workflows.Definitions;

/// <summary>A new version of a workflow as an admin sends it, checked field by field before anything is stored.</summary>
public sealed partial record DefinitionDraft(string Id, string Name, string? Description, WorkflowTrigger Trigger, IReadOnlyList<WorkflowStepDefinition> Steps)
{
    public const int MaxBytes = 64 * 1024;
    public const int MaxSteps = 50;
    public const int MaxIdLength = 64;
    public const int MaxNameLength = 200;
    public const int MaxTextLength = 2000;
    public static readonly TimeSpan MaxSla = TimeSpan.FromDays(365);

    /// <summary>A valid body, quoted when a body is no JSON object.</summary>
    public const string Example = """{"id": "renewal-call", "name": "Renewal call", "trigger": {"type": "manual"}, "steps": [{"id": "call", "type": "task", "name": "Call the customer", "sla": "P3D"}]}""";

    /// <summary>Ids are slugs (<c>renewal-preparation</c>): they appear in URLs, queue items and planned execution ids.</summary>
    public static bool IsSlug(string? id) => id is { Length: > 0 and <= MaxIdLength } && Slug().IsMatch(id);

    /// <summary>The draft in <paramref name="body"/>, or null with what is wrong in the body's errors.</summary>
    public static DefinitionDraft? Read(JsonFields body)
    {
        body.OnlyKnown("id", "name", "description", "trigger", "steps");
        var id = SlugField(body, "id");
        var name = body.Text("name", MaxNameLength, required: true, multiline: true);
        var description = body.Text("description", MaxTextLength, multiline: true);
        var trigger = body.Object("trigger", required: true) is { } triggerBody ? ReadTrigger(triggerBody) : null;
        var steps = new List<WorkflowStepDefinition>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in body.Objects("steps", 1, MaxSteps, required: true) ?? [])
        {
            if (ReadStep(step, ids) is { } read)
            {
                steps.Add(read);
            }
        }

        return body.IsValid ? new DefinitionDraft(id!, name!, description, trigger!, steps) : null;
    }

    private static WorkflowTrigger? ReadTrigger(JsonFields trigger)
    {
        trigger.OnlyKnown("type", "stage", "plan");
        var type = trigger.OneOf("type", WorkflowTrigger.Types, required: true);
        var stage = trigger.OneOf("stage", RenewalStages.All, required: type == WorkflowTrigger.RenewalStage);
        var plan = trigger.OneOf("plan", AccountPlans.All, required: type == WorkflowTrigger.AccountPlan);
        if (type != WorkflowTrigger.RenewalStage && stage is not null)
        {
            trigger.Refuse("stage", $"belongs to a {WorkflowTrigger.RenewalStage} trigger only.");
        }

        if (type != WorkflowTrigger.AccountPlan && plan is not null)
        {
            trigger.Refuse("plan", $"belongs to an {WorkflowTrigger.AccountPlan} trigger only.");
        }

        return type is null ? null : new WorkflowTrigger(type, stage, plan);
    }

    /// <param name="ids">The ids of the steps before, to which this one's is added.</param>
    private static WorkflowStepDefinition? ReadStep(JsonFields step, HashSet<string> ids)
    {
        step.OnlyKnown("id", "type", "name", "goal", "sla", "completesWithTask");
        var id = SlugField(step, "id");
        if (id is not null && !ids.Add(id))
        {
            step.Refuse("id", $"repeats '{id}'; step ids are unique within a workflow.");
        }

        var type = step.OneOf("type", StepTypes.All, required: true);
        var name = step.Text("name", MaxNameLength, required: true, multiline: true);
        var goal = step.Text("goal", MaxTextLength, multiline: true);
        TimeSpan? sla = null;
        if (step.Text("sla", 64) is { } text)
        {
            if (IsoDuration.TryParse(text, out var parsed) && parsed >= TimeSpan.FromSeconds(1) && parsed <= MaxSla)
            {
                sla = parsed;
            }
            else
            {
                step.Refuse("sla", "must be an ISO 8601 duration of weeks, days, hours, minutes and seconds from PT1S to P365D (such as P3D or PT4H), or null for none.");
            }
        }

        var completesWithTask = step.Flag("completesWithTask") ?? false;
        return id is null || type is null || name is null ? null : new WorkflowStepDefinition(id, type, name, goal, sla, completesWithTask);
    }

    private static string? SlugField(JsonFields body, string name)
    {
        var text = body.Text(name, MaxIdLength, required: true);
        if (text is not null && !IsSlug(text))
        {
            body.Refuse(name, "must be lower-case letters and digits in words joined by single hyphens, such as renewal-preparation.");
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    private static partial Regex Slug();
}
