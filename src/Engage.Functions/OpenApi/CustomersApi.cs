using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Customers;
using Microsoft.Azure.Functions.Worker;
using static Engage.Functions.OpenApi.Schemas;

namespace Engage.Functions.OpenApi;

/// <summary>Customers (docs/workflow-customers.md) and the record events every workflow record shares.</summary>
internal static class CustomersApi
{
    public const string CustomerIdPattern = "^cu_[0-9a-f]{16}$";

    public static void Add(ApiBuilder api)
    {
        var customer = api.Schema("Customer", Record(
            "A customer account.",
            ("id", Pattern(CustomerIdPattern)),
            ("name", String(maxLength: 200)),
            ("domain", String("Normalised as the engagement API does; one customer per domain.")),
            ("industry", Text()),
            ("arr", Nullable(Number())),
            ("previousArr", Nullable(Number())),
            ("healthScore", Nullable(Integer(minimum: 0, maximum: 100))),
            ("renewalDate", Nullable(Date())),
            ("owner", Text("The user id of the CSM who owns the account; who sees it.")),
            ("accountTeam", Record(null, ("csm", Text()), ("accountExecutive", Text()), ("supportEngineer", Text()))),
            ("usage", Record(null, ("activeUsers", Nullable(Integer(minimum: 0))), ("utilization", Nullable(Number("0 to 1."))))),
            ("supportTickets", Nullable(Integer(minimum: 0))),
            ("lastQbrDate", Nullable(Date())),
            ("accountPlan", Text("Derived (docs/workflow-customer-rules.md): invest, expand, monitor or manage.")),
            ("renewalStage", Text("Derived from the renewal date.")),
            ("version", Integer(minimum: 1)),
            ("createdAt", DateTime()),
            ("updatedAt", DateTime())));
        api.Schema("RecordEvent", Record(
            "One change of a record, committed with it: the record as the API showed it before and after.",
            ("id", String()),
            ("type", String("What happened, such as customer_created or task_completed.")),
            ("recordType", String()),
            ("recordId", String()),
            ("version", Integer(minimum: 1)),
            ("before", Nullable(Map(Any()))),
            ("after", Nullable(Map(Any()))),
            ("reason", String()),
            ("actor", String()),
            ("occurredAt", DateTime()),
            ("traceId", Text())));
        var fields = Object(
            "The writable fields; a JSON merge patch (RFC 7396) on PATCH: a field given is set, null clears it, one left out stays.",
            [],
            ("name", String(maxLength: 200)),
            ("domain", String()),
            ("industry", Text()),
            ("arr", Nullable(Number())),
            ("previousArr", Nullable(Number())),
            ("healthScore", Nullable(Integer(minimum: 0, maximum: 100))),
            ("renewalDate", Nullable(Date())),
            ("owner", Text()),
            ("accountTeam", Object(null, [], ("csm", Text()), ("accountExecutive", Text()), ("supportEngineer", Text()))),
            ("usage", Object(null, [], ("activeUsers", Nullable(Integer(minimum: 0))), ("utilization", Nullable(Number())))),
            ("supportTickets", Nullable(Integer(minimum: 0))),
            ("lastQbrDate", Nullable(Date())));
        fields.AdditionalPropertiesAllowed = false;
        var example = new JsonObject { ["name"] = "Acme Corp", ["domain"] = "acmecorp.com", ["arr"] = 240000, ["renewalDate"] = "2026-09-30" };

        api.Operation(HttpMethod.Get, "customers", "ListCustomers", AuthorizationLevel.Function, Tags.Customers, "List the customers the caller may see", "In id order; a non-admin sees only the customers they own.")
            .Query("owner", String(maxLength: 254), "Only this user's customers.")
            .Query("accountPlan", Enum(AccountPlans.All), "Only this plan (any case).")
            .Query("renewalStage", String(), "Only this renewal stage (any case).")
            .Paging(50, 200)
            .Answers(200, "One page of customers.", api.Page(customer))
            .Problem(400, "A parameter is not valid.");

        api.Operation(HttpMethod.Get, "customers/{id}", "GetCustomer", AuthorizationLevel.Function, Tags.Customers, "A customer")
            .PathParameter("id", String(), "The customer id (cu_ and 16 hex digits).")
            .Answers(200, "The customer.", customer, headers: ["ETag"])
            .Problem(404, "No such customer, or not one the caller may see.");

        api.Operation(HttpMethod.Post, "customers", "CreateCustomer", AuthorizationLevel.Function, Tags.Customers, "Create a customer")
            .Idempotent()
            .Body(fields, example, "name and domain are required; at most 16 KiB.")
            .Answers(201, "Created.", customer, headers: ["Location", "ETag"])
            .Problem(400, "A field is unknown or wrong; errors names each.")
            .Problem(403, "A non-admin named another owner.")
            .Problem(409, "The domain has a customer already.")
            .Problem(413, "The body is over 16 KiB.")
            .Problem(422, "A read-only field was sent, or the Idempotency-Key was used with another body.");

        api.Operation(HttpMethod.Patch, "customers/{id}", "PatchCustomer", AuthorizationLevel.Function, Tags.Customers, "Change a customer (JSON merge patch)")
            .PathParameter("id", String(), "The customer id.")
            .Idempotent()
            .IfMatch()
            .Body(fields, new JsonObject { ["healthScore"] = 64, ["industry"] = null }, contentType: "application/merge-patch+json")
            .Body(fields, new JsonObject { ["healthScore"] = 64 })
            .Answers(200, "The customer after the patch.", customer, headers: ["ETag"])
            .Problem(400, "A field is unknown or wrong.")
            .Problem(404, "No such customer, or not one the caller may see.")
            .Problem(409, "The new domain has another customer.");

        api.Operation(HttpMethod.Delete, "customers/{id}", "DeleteCustomer", AuthorizationLevel.Function, Tags.Customers, "Delete a customer and all its records")
            .PathParameter("id", String(), "The customer id.")
            .Idempotent()
            .IfMatch()
            .Empty(204, "Deleted, with its executions, tasks, artifacts and events.")
            .Problem(404, "No such customer, or not one the caller may see.")
            .Problem(409, "The customer has active or snoozed executions.");

        api.Operation(HttpMethod.Get, "customers/{id}/events", "ListCustomerEvents", AuthorizationLevel.Function, Tags.Customers, "The events of a customer's records, oldest first")
            .PathParameter("id", String(), "The customer id.")
            .Paging(100, 1000)
            .Answers(200, "One page of events.", api.Page(api.Ref("RecordEvent")))
            .Problem(400, "limit or continuation is not valid.")
            .Problem(404, "No such customer, or not one the caller may see.");

        api.Operation(HttpMethod.Post, "customers/import", "ImportCustomers", AuthorizationLevel.Function, Tags.Customers, "Import customers, upserted by domain", "A JSON array of customer objects, or CSV with a header row; each row stands alone.")
            .Idempotent()
            .Body(Array(Map(Any())), new JsonArray(example.DeepClone()), "At most 5,000 rows and 4 MiB.")
            .Body(String(), JsonValue.Create("domain,name,arr\nacmecorp.com,\"Acme, Inc.\",240000\n"), contentType: "text/csv")
            .Answers(200, "What the import did.", Record(
                null,
                ("created", Integer(minimum: 0)),
                ("updated", Integer(minimum: 0)),
                ("failed", Array(Record("A row that was not imported.", ("row", Integer(minimum: 1)), ("domain", Text()), ("detail", String()))))))
            .Problem(400, "The body cannot be read as a whole (not a JSON array, or CSV with an unknown column).")
            .Problem(413, "Over 5,000 rows or 4 MiB.");
    }
}
