using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.OpenApi;
using Microsoft.OpenApi;

namespace Engage.Functions.Tests.OpenApi;

/// <summary>
/// The served document against the real answers: for every operation, each documented status is produced by a real
/// request, and its body validates against the documented schema (JSON Schema 2020-12), a stream of server-sent events
/// event by event, and carries the documented headers.
/// </summary>
public sealed class OpenApiContractTests(ContractApp app) : IClassFixture<ContractApp>
{
    private const string EventStream = "text/event-stream";

    public static TheoryData<string> Operations() =>
        [.. EngageApiDocument.Build().Paths.Values.SelectMany(p => p.Operations!.Values).Select(o => o.OperationId!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_documented_answer_is_produced_by_a_request_and_fits_its_schema(string operationId)
    {
        var (path, method, operation) = Find(app.Document, operationId);
        var documented = operation["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        var cases = ContractCases.All.Where(c => c.OperationId == operationId).ToList();

        Assert.Equal(documented, cases.Select(c => c.Status).Distinct().Order());
        var schemas = app.Schemas;
        foreach (var contract in cases)
        {
            using var response = await contract.Send(app);
            var text = await response.Content.ReadAsStringAsync();
            var what = $"{method.ToUpperInvariant()} {path} → {contract.Status}";
            Assert.True((int)response.StatusCode == contract.Status, $"{what}: got {(int)response.StatusCode} {text}");

            var answer = operation["responses"]![contract.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)]!;
            foreach (var (header, definition) in answer["headers"]?.AsObject() ?? [])
            {
                Assert.True(definition!["required"]?.GetValue<bool>() != true || Has(response, header), $"{what}: no {header} header");
            }

            if (answer["content"] is not JsonObject content)
            {
                Assert.True(text.Length == 0, $"{what}: documented without a body, got {text}");
                continue;
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            Assert.True(mediaType is not null && content.ContainsKey(mediaType), $"{what}: {mediaType} is not documented ({string.Join(", ", content.Select(c => c.Key))})");
            var errors = mediaType == EventStream
                ? EventErrors(schemas, content[mediaType]!, text)
                : schemas.Errors(content[mediaType!]!["schema"]!, JsonNode.Parse(text));
            Assert.True(errors.Count == 0, $"{what}: the body does not fit the schema:\n{string.Join('\n', errors)}\n{text}");
        }
    }

    [Fact]
    public void Every_case_is_of_a_documented_operation_and_status()
    {
        var document = EngageApiDocument.Build();
        var responses = document.Paths.Values.SelectMany(p => p.Operations!.Values)
            .SelectMany(o => o.Responses!.Keys.Select(status => $"{o.OperationId} {status}")).ToHashSet(StringComparer.Ordinal);

        Assert.All(ContractCases.All, c => Assert.Contains($"{c.OperationId} {c.Status}", responses));
    }

    [Fact]
    public void The_served_document_is_read_by_microsoft_openapi_as_3_1_without_errors()
    {
        var (document, diagnostic) = OpenApiDocument.Parse(app.Document.ToJsonString(), "json");

        Assert.Empty(diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.StartsWith("3.1.", app.Document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(document!.Paths);
    }

    /// <summary>
    /// The errors of a stream of server-sent events, parsed by SseParser: each event against the media type's item
    /// schema (OpenAPI 3.2's itemSchema, written as x-oai-itemSchema in 3.1), and its data, as JSON, against the
    /// contentSchema of the item schema's branch for its event type, which a JSON Schema validator only annotates.
    /// </summary>
    private static List<string> EventErrors(DocumentSchemas schemas, JsonNode mediaType, string text)
    {
        var itemSchema = mediaType["x-oai-itemSchema"]!;
        var errors = new List<string>();
        var events = SseParser.Create(new MemoryStream(Encoding.UTF8.GetBytes(text))).Enumerate().ToList();
        if (events.Count == 0)
        {
            errors.Add("no events");
        }

        foreach (var item in events)
        {
            errors.AddRange(schemas.Errors(itemSchema, new JsonObject { ["event"] = item.EventType, ["data"] = item.Data }).Select(e => $"{item.EventType} event: {e}"));
            var branch = itemSchema["oneOf"]!.AsArray().SingleOrDefault(b => b!["properties"]!["event"]!["const"]!.GetValue<string>() == item.EventType);
            if (branch is null)
            {
                errors.Add($"{item.EventType} is no documented event type");
                continue;
            }

            errors.AddRange(schemas.Errors(branch["properties"]!["data"]!["contentSchema"]!, JsonNode.Parse(item.Data)).Select(e => $"{item.EventType} data: {e}"));
        }

        return errors;
    }

    private static bool Has(HttpResponseMessage response, string header) =>
        response.Headers.Contains(header) || response.Content.Headers.Contains(header);

    private static (string Path, string Method, JsonNode Operation) Find(JsonNode document, string operationId) =>
        document["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => o.Value?["operationId"]?.GetValue<string>() == operationId).Select(o => (p.Key, o.Key, o.Value!)))
            .Single();
}
