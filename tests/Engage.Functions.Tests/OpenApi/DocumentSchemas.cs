using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Engage.Functions.Tests.OpenApi;

/// <summary>
/// Validates JSON against the schemas of an OpenAPI 3.1 document with a JSON Schema 2020-12 validator: each schema is
/// evaluated with the document's components as <c>$defs</c>, its <c>$ref</c>s pointed at them.
/// </summary>
public sealed class DocumentSchemas(JsonNode document)
{
    private const string ComponentsPrefix = "#/components/schemas/";

    /// <summary>The components as <c>$defs</c>, rewritten and serialized once for every schema evaluated.</summary>
    private readonly string _definitions = Rewrite(document["components"]!["schemas"]!.DeepClone()).ToJsonString();

    public JsonNode Document { get; } = document;

    /// <summary>The errors of <paramref name="instance"/> against <paramref name="schema"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Errors(JsonNode schema, JsonNode? instance)
    {
        var root = $$"""{"$schema":"https://json-schema.org/draft/2020-12/schema","$defs":{{_definitions}},"allOf":[{{Rewrite(schema.DeepClone()).ToJsonString()}}]}""";
        var built = JsonSchema.FromText(root, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://engage.test/{Guid.NewGuid():N}"));
        var result = built.Evaluate(
            JsonSerializer.SerializeToElement(instance),
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid
            ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} ({d.EvaluationPath})"))];
    }

    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject json:
                foreach (var (name, value) in json.ToList())
                {
                    if (name == "$ref" && value is JsonValue reference && reference.GetValue<string>().StartsWith(ComponentsPrefix, StringComparison.Ordinal))
                    {
                        json[name] = "#/$defs/" + reference.GetValue<string>()[ComponentsPrefix.Length..];
                    }
                    else if (value is not null)
                    {
                        Rewrite(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    Rewrite(item);
                }

                break;
        }

        return node;
    }
}
