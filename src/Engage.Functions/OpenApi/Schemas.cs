using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Engage.Functions.OpenApi;

/// <summary>Short forms of the JSON Schema 2020-12 shapes the document uses, so each feature's file reads as its fields.</summary>
internal static class Schemas
{
    public static OpenApiSchema String(string? description = null, string? format = null, int? maxLength = null) =>
        new() { Type = JsonSchemaType.String, Description = description, Format = format, MaxLength = maxLength };

    public static OpenApiSchema Pattern(string pattern, string? description = null) =>
        new() { Type = JsonSchemaType.String, Pattern = pattern, Description = description };

    public static OpenApiSchema DateTime(string? description = null) => String(description, "date-time");

    public static OpenApiSchema Date(string? description = null) => String(description, "date");

    public static OpenApiSchema Integer(string? description = null, long? minimum = null, long? maximum = null) =>
        new() { Type = JsonSchemaType.Integer, Description = description, Minimum = minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture), Maximum = maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    public static OpenApiSchema Number(string? description = null) => new() { Type = JsonSchemaType.Number, Description = description };

    public static OpenApiSchema Boolean(string? description = null) => new() { Type = JsonSchemaType.Boolean, Description = description };

    public static OpenApiSchema Enum(params string[] values) => Enum((IEnumerable<string>)values);

    /// <summary>A string of one of <paramref name="values"/>, such as a list the code names (<c>TaskStatuses.All</c>).</summary>
    public static OpenApiSchema Enum(IEnumerable<string> values) =>
        new() { Type = JsonSchemaType.String, Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))] };

    /// <summary>Any JSON value (an artifact's content, an action's params).</summary>
    public static OpenApiSchema Any(string? description = null) => new() { Description = description };

    public static OpenApiSchema Array(IOpenApiSchema items, string? description = null) =>
        new() { Type = JsonSchemaType.Array, Items = items, Description = description };

    /// <summary>
    /// An object whose properties are all always written (as the app's <c>ToJson</c> methods do, null included), so
    /// every one is required: a field the code stops writing fails the contract test.
    /// </summary>
    public static OpenApiSchema Record(string? description, params (string Name, IOpenApiSchema Schema)[] properties) =>
        Object(description, [.. properties.Select(p => p.Name)], properties);

    /// <summary>An object with some properties optional (request bodies, shapes with fields that come and go).</summary>
    public static OpenApiSchema Object(string? description, string[] required, params (string Name, IOpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Description = description,
        Properties = properties.ToDictionary(p => p.Name, p => p.Schema),
        Required = new HashSet<string>(required, StringComparer.Ordinal),
    };

    /// <summary>An object of any keys whose values all have one shape.</summary>
    public static OpenApiSchema Map(IOpenApiSchema values, string? description = null) =>
        new() { Type = JsonSchemaType.Object, AdditionalProperties = values, Description = description };

    /// <summary><paramref name="schema"/> or null; a plain type gains the null type, a reference is wrapped in <c>oneOf</c>.</summary>
    public static IOpenApiSchema Nullable(IOpenApiSchema schema)
    {
        if (schema is OpenApiSchema plain && plain.Type is { } type && plain.Enum is null)
        {
            plain.Type = type | JsonSchemaType.Null;
            return plain;
        }

        return new OpenApiSchema { OneOf = [schema, new OpenApiSchema { Type = JsonSchemaType.Null }] };
    }

    /// <summary>A nullable string (the most common field).</summary>
    public static IOpenApiSchema Text(string? description = null) => Nullable(String(description));

    public static T WithExample<T>(this T schema, JsonNode example)
        where T : OpenApiSchema
    {
        schema.Examples = [example];
        return schema;
    }
}
