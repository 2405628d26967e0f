using System.Text;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Engage.Functions.Commands;
using Engage.Functions.Http;
using Engage.Functions.Identity;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// <c>POST /api/customers/import</c>: a JSON array of customers, or CSV (<c>Content-Type: text/csv</c>) with a header
/// row, upserted by domain; answers <c>{created, updated, failed: [{row, domain, detail}]}</c> (docs/workflow-customers.md).
/// </summary>
public sealed class CustomerImportFunction(CustomerImport import, IdempotentCommands commands, CallerIdentity identity)
{
    [Function("ImportCustomers")]
    public async Task<IResult> ImportAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "customers/import")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!identity.TryRead(request, out var caller, out var unknown))
        {
            return unknown!;
        }

        var body = await RequestBody.ReadAtMostAsync(request, CustomerImport.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.TooLarge(CustomerImport.MaxBodyBytes, $"import at most {CustomerImport.MaxRows} rows at a time");
        }

        if (!TryReadRows(request, body, out var rows, out var error))
        {
            return Problems.Validation(error);
        }

        if (rows.Count > CustomerImport.MaxRows)
        {
            return TypedResults.Problem(
                detail: $"The import has {rows.Count} rows; at most {CustomerImport.MaxRows} are imported at a time, so split it.",
                statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Too many rows.");
        }

        var traceId = Problems.TraceId(request.HttpContext);
        return await commands.RunAsync(request, CustomerFunctions.Scope(caller), body, Guid.NewGuid().ToString("N"), async (_, token) =>
            CommandAnswer.Ok((await import.RunAsync(rows, caller, traceId, token)).ToJson()), cancellationToken);
    }

    private static bool TryReadRows(HttpRequest request, byte[] body, out List<ImportRow> rows, out string error)
    {
        rows = [];
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            if (!Utf8.IsValid(body))
            {
                error = "The CSV is not UTF-8 text; save it as CSV UTF-8.";
                return false;
            }

            return CustomerCsv.TryRead(Encoding.UTF8.GetString(body), out rows, out error);
        }

        if (!JsonBody.TryParse(body, out var json, out error))
        {
            return false;
        }

        if (json is not JsonArray items)
        {
            error = "The import is a JSON array of customers, such as [{\"name\": \"Acme Corp\", \"domain\": \"acmecorp.com\"}], or CSV sent as text/csv.";
            return false;
        }

        rows = [.. items.Select((item, index) => item is JsonObject fields
            ? new ImportRow(index + 1, fields)
            : new ImportRow(index + 1, null, $"Row {index + 1} is not a JSON object of customer fields."))];
        return true;
    }
}
