using System.Text.Json.Nodes;
using Engage.Functions.Workflows.Actions;

namespace Engage.Functions.Tests.Workflows.Actions;

/// <summary>The recipients send_email takes: one address or a list of 1 to 50, each name@domain.tld.</summary>
public sealed class EmailRecipientsTests
{
    [Fact]
    public void One_address_or_a_list_of_up_to_fifty_is_read_trimmed()
    {
        Assert.True(EmailRecipients.TryRead(JsonValue.Create(" cfo@customer.example "), out var one, out _));
        Assert.Equal(["cfo@customer.example"], one);
        var fifty = new JsonArray([.. Enumerable.Range(0, 50).Select(i => JsonValue.Create($"p{i}@customer.example"))]);
        Assert.True(EmailRecipients.TryRead(fifty, out var all, out _));
        Assert.Equal(50, all.Count);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("{\"to\": \"a@b.example\"}")]
    [InlineData("[\"a@b.example\", 1]")]
    [InlineData("\"a@b\"")]
    [InlineData("\"@b.example\"")]
    [InlineData("\"a@b.example@c.example\"")]
    [InlineData("\"a b@c.example\"")]
    [InlineData("\"a@\"")]
    public void Anything_else_is_refused(string json)
    {
        Assert.False(EmailRecipients.TryRead(JsonNode.Parse(json), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Fifty_one_recipients_are_too_many()
    {
        var many = new JsonArray([.. Enumerable.Range(0, 51).Select(i => JsonValue.Create($"p{i}@customer.example"))]);

        Assert.False(EmailRecipients.TryRead(many, out _, out var error));
        Assert.Contains("1 to 50", error, StringComparison.Ordinal);
    }
}
