using System.Reflection;
using System.Text.Json.Nodes;
using Engage.Functions.OpenApi;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace Engage.Functions.Tests.OpenApi;

/// <summary>The document against the code: every HTTP function is in it with its route, method and keys, and its examples fit its schemas.</summary>
public sealed class OpenApiDocumentTests
{
    /// <summary>HTTP functions the document leaves out, with why.</summary>
    public static readonly IReadOnlyDictionary<string, string> Undocumented = new Dictionary<string, string>
    {
        ["Console"] = "the console's static files (a page, scripts, styles) under a catch-all path, which OpenAPI's path templates cannot express; not an API",
    };

    private static readonly OpenApiDocument Document = EngageApiDocument.Build();

    public static TheoryData<string, string, string, AuthorizationLevel> HttpFunctions()
    {
        var data = new TheoryData<string, string, string, AuthorizationLevel>();
        var functions =
            from type in typeof(EngageApiDocument).Assembly.GetTypes()
            from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            let function = method.GetCustomAttribute<FunctionAttribute>()
            let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).SingleOrDefault(t => t is not null)
            where function is not null && trigger is not null && !Undocumented.ContainsKey(function.Name)
            from verb in trigger.Methods!
            select (function.Name, Path: "/api/" + trigger.Route, Method: verb, trigger.AuthLevel);
        foreach (var (name, path, method, level) in functions)
        {
            data.Add(name, path, method.ToUpperInvariant(), level);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HttpFunctions))]
    public void Every_http_function_is_documented_at_its_route_and_method_with_the_keys_its_level_needs(string function, string path, string method, AuthorizationLevel level)
    {
        Assert.True(Document.Paths.TryGetValue(path, out var item), $"{function}: {method} {path} is not in the document.");
        Assert.True(item.Operations!.TryGetValue(new HttpMethod(method), out var operation), $"{function}: {path} has no {method}.");
        Assert.Equal(function, operation.OperationId);
        var schemes = operation.Security!.Select(r => string.Join('+', r.Keys.Select(k => k.Reference.Id).Order(StringComparer.Ordinal))).ToList();
        var signIn = path.StartsWith("/api/workflows/", StringComparison.Ordinal) || path.StartsWith("/api/customers", StringComparison.Ordinal) ? "+" + "appServiceAuth" : string.Empty;
        string[] expected = level switch
        {
            AuthorizationLevel.Anonymous => [],
            AuthorizationLevel.Admin => [Combine("masterKey", signIn)],
            _ => [Combine("functionKey", signIn), Combine("functionKeyQuery", signIn)],
        };
        Assert.Equal(expected, schemes);
    }

    [Fact]
    public void The_document_has_no_operation_without_a_function()
    {
        var documented = Document.Paths.Values.SelectMany(p => p.Operations!.Values).Select(o => o.OperationId).ToList();

        Assert.Equal(documented.Distinct().Order(), HttpFunctions().Select(row => (string)row[0]).Order());
    }

    [Fact]
    public void Every_example_is_valid_against_its_schema()
    {
        var json = JsonNode.Parse(EngageApiDocument.Json)!;
        var schemas = new DocumentSchemas(json);
        var media = json["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .SelectMany(o => new[] { o.Value!["requestBody"]?["content"] }.Concat(o.Value!["responses"]!.AsObject().Select(r => r.Value!["content"])))
            .OfType<JsonObject>().SelectMany(c => c.Select(m => m.Value!)).Where(m => m["example"] is not null).ToList();

        Assert.True(media.Count >= 15, $"only {media.Count} examples");
        Assert.All(media, m => Assert.Empty(schemas.Errors(m["schema"]!, m["example"])));
    }

    private static string Combine(string key, string signIn) => string.Join('+', (key + signIn).Split('+').Order(StringComparer.Ordinal));
}
