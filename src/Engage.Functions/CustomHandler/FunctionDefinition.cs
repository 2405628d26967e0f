using System.Text.Json.Nodes;

namespace Engage.Functions.CustomHandler;

/// <summary>One function as the Functions host sees it: a folder named <see cref="Name"/> holding its <c>function.json</c>.</summary>
public sealed record FunctionDefinition(string Name, JsonArray Bindings)
{
    public JsonObject ToFunctionJson() => new() { ["bindings"] = Bindings.DeepClone() };
}
