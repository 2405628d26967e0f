using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Customers;

namespace Engage.Functions.Tests.Workflows.Customers;

public sealed class CustomerPatchTests
{
    [Fact]
    public void A_patch_sets_what_it_gives_clears_what_it_nulls_and_keeps_the_rest()
    {
        var customer = new Customer
        {
            Name = "Acme",
            Domain = "acmecorp.com",
            Industry = "Manufacturing",
            HealthScore = 70,
            Csm = "Maya Chen",
            AccountExecutive = "Daniel Okafor",
            ActiveUsers = 10,
            Utilization = 0.5,
        };

        var patch = Read("""{"name": "  Acme Corp ", "industry": null, "healthScore": 64, "accountTeam": {"csm": "Tom Becker"}, "usage": null, "renewalDate": "2026-09-30", "owner": "Maya.Chen@Engage-Demo.io"}""");
        patch.ApplyTo(customer);

        Assert.Equal("Acme Corp", customer.Name);
        Assert.Equal("acmecorp.com", customer.Domain);
        Assert.Null(customer.Industry);
        Assert.Equal(64, customer.HealthScore);
        Assert.Equal(("Tom Becker", "Daniel Okafor"), (customer.Csm, customer.AccountExecutive));
        Assert.Equal((null, null), (customer.ActiveUsers, customer.Utilization));
        Assert.Equal(new DateTimeOffset(2026, 9, 30, 0, 0, 0, TimeSpan.Zero), customer.RenewalDate);
        Assert.Equal("maya.chen@engage-demo.io", customer.Owner);
        Assert.Equal(
            ["accountTeam.csm", "healthScore", "industry", "name", "owner", "renewalDate", "usage.activeUsers", "usage.utilization"],
            patch.Fields.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_domain_is_normalised_like_the_engagement_domain()
    {
        var customer = new Customer();

        Read("""{"domain": "https://www.AcmeCorp.com/about"}""").ApplyTo(customer);

        Assert.Equal("acmecorp.com", customer.Domain);
    }

    [Fact]
    public void Numbers_built_in_code_read_like_parsed_ones()
    {
        var customer = new Customer();

        Assert.True(CustomerPatch.TryRead(new JsonObject { ["healthScore"] = 70, ["arr"] = 1_500.50m, ["supportTickets"] = 3L, ["usage"] = new JsonObject { ["utilization"] = 0.5f } }, out var patch, out var errors), CustomerPatch.Describe(errors));
        patch.ApplyTo(customer);

        Assert.Equal((70, 1_500.5, 3, 0.5), (customer.HealthScore, customer.Arr, customer.SupportTickets, customer.Utilization));
    }

    [Theory]
    [InlineData("""{"name": ""}""", "name", "required")]
    [InlineData("""{"name": null}""", "name", "required")]
    [InlineData("""{"name": 5}""", "name", "must be a string")]
    [InlineData("""{"domain": "not a domain"}""", "domain", "not")]
    [InlineData("""{"domain": null}""", "domain", "required")]
    [InlineData("""{"healthScore": 101}""", "healthScore", "0 to 100")]
    [InlineData("""{"healthScore": -1}""", "healthScore", "0 to 100")]
    [InlineData("""{"healthScore": 70.5}""", "healthScore", "whole number")]
    [InlineData("""{"healthScore": "70"}""", "healthScore", "whole number")]
    [InlineData("""{"arr": -1}""", "arr", "from 0")]
    [InlineData("""{"usage": {"utilization": 1.01}}""", "usage.utilization", "0 to 1")]
    [InlineData("""{"usage": {"seats": 3}}""", "usage.seats", "usage has activeUsers, utilization")]
    [InlineData("""{"usage": 3}""", "usage", "object or null")]
    [InlineData("""{"renewalDate": "30/09/2026"}""", "renewalDate", "yyyy-MM-dd")]
    [InlineData("""{"renewalDate": "2026-02-30"}""", "renewalDate", "yyyy-MM-dd")]
    [InlineData("""{"lastQbrDate": "2026-01-15T10:00:00Z"}""", "lastQbrDate", "yyyy-MM-dd")]
    [InlineData("""{"industry": "line\nbreak"}""", "industry", "control characters")]
    [InlineData("""{"health_score": 50}""", "health_score", "not a customer field")]
    [InlineData("""{"accountTeam.csm": "x"}""", "accountTeam.csm", "not a customer field")]
    public void Each_wrong_field_is_named_with_what_it_must_be(string json, string field, string message)
    {
        Assert.False(CustomerPatch.TryRead(JsonNode.Parse(json)!.AsObject(), out _, out var errors));

        var error = Assert.Single(Assert.Contains(field, errors));
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(CustomerPatch.OnlyReadOnly(errors));
    }

    [Fact]
    public void Derived_and_bookkeeping_fields_are_read_only_and_every_error_is_reported_at_once()
    {
        Assert.False(CustomerPatch.TryRead(JsonNode.Parse("""{"accountPlan": "expand", "renewalStage": "Monitor", "id": "cu_0000000000000000"}""")!.AsObject(), out _, out var readOnly));
        Assert.False(CustomerPatch.TryRead(JsonNode.Parse("""{"accountPlan": "expand", "healthScore": 500}""")!.AsObject(), out _, out var mixed));

        Assert.Equal(["accountPlan", "id", "renewalStage"], readOnly.Keys.Order(StringComparer.Ordinal));
        Assert.True(CustomerPatch.OnlyReadOnly(readOnly));
        Assert.Contains("derived by the customer rules", CustomerPatch.Describe(readOnly), StringComparison.Ordinal);
        Assert.Equal(["accountPlan", "healthScore"], mixed.Keys.Order(StringComparer.Ordinal));
        Assert.False(CustomerPatch.OnlyReadOnly(mixed));
    }

    private static CustomerPatch Read(string json)
    {
        Assert.True(CustomerPatch.TryRead(JsonNode.Parse(json)!.AsObject(), out var patch, out var errors), CustomerPatch.Describe(errors));
        return patch;
    }
}
