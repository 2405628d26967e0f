namespace Engage.Functions.OpenApi;

/// <summary>The document's groups of operations, one per feature.</summary>
internal static class Tags
{
    /// <summary>The workflow routes' tags start with it: those routes also name their caller (docs/workflow-callers.md).</summary>
    public const string WorkflowsPrefix = "Workflows";

    public const string Engagement = "Engagement";
    public const string Discovery = "Discovery";
    public const string Health = "Health";
    public const string Document = "OpenAPI";
    public const string Customers = WorkflowsPrefix + ": customers";
    public const string Definitions = WorkflowsPrefix + ": definitions";
    public const string Executions = WorkflowsPrefix + ": executions";
    public const string Queue = WorkflowsPrefix + ": queue";
    public const string Planner = WorkflowsPrefix + ": planner";
    public const string Context = WorkflowsPrefix + ": context";
    public const string Tasks = WorkflowsPrefix + ": tasks";
    public const string Artifacts = WorkflowsPrefix + ": artifacts";
    public const string Actions = WorkflowsPrefix + ": saved actions";
    public const string Preferences = WorkflowsPrefix + ": preferences";
    public const string Chat = WorkflowsPrefix + ": chat";
}
