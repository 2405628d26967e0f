using System.Text.Json.Nodes;
using Engage.Functions.Http;

namespace Engage.Functions.Workflows.Actions;

/// <summary>
/// One of the saved actions a CSM applies to an execution (docs/workflow-actions.md): what the catalogue says about it,
/// and how it reads its params into the effect it will have.
/// </summary>
public abstract class SavedAction
{
    public abstract string Id { get; }

    public abstract string Name { get; }

    public abstract string Description { get; }

    /// <summary>Its params as the catalogue describes them.</summary>
    public abstract IReadOnlyList<ActionParameter> Parameters { get; }

    /// <summary>The effect these params ask for on execution <paramref name="executionId"/>, or null with the refusals recorded in <paramref name="parameters"/>.</summary>
    public ActionEffect? Read(JsonFields parameters, string executionId, DateTimeOffset now)
    {
        parameters.OnlyKnown([.. Parameters.Select(p => p.Name)]);
        var effect = ReadKnown(parameters, executionId, now);
        return parameters.IsValid ? effect : null;
    }

    /// <summary>Reads the params (unknown ones are refused already) into the effect; refusals go to <paramref name="parameters"/>.</summary>
    protected abstract ActionEffect? ReadKnown(JsonFields parameters, string executionId, DateTimeOffset now);
}

/// <summary>What an action does to its execution, once its params are read; its outcome is recorded in the action run.</summary>
public delegate Task<ActionOutcome> ActionEffect(ActionContext context, CancellationToken cancellationToken);

/// <summary>One param of a saved action: its name, its JSON type as the catalogue shows it, whether it is required, and what it is.</summary>
public sealed record ActionParameter(string Name, string Type, bool Required, string Description)
{
    public JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["required"] = Required,
        ["description"] = Description,
    };
}
