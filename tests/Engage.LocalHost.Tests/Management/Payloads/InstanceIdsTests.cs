using Engage.LocalHost.Durable.Management;

namespace Engage.LocalHost.Tests.Management.Payloads;

public sealed class InstanceIdsTests
{
    [Theory]
    [InlineData("01a232ea-0b07-7d36-be54-56fa57639f45")]
    [InlineData("a b+c%d:é-ü")]
    [InlineData("x@y")]
    public void Ids_Durable_allows_have_no_problem(string id) => Assert.Null(InstanceIds.Problem(id));

    [Fact]
    public void The_longest_id_is_256_characters()
    {
        Assert.Null(InstanceIds.Problem(new string('x', 256)));
        Assert.Contains("257", InstanceIds.Problem(new string('x', 257)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("@counter@one", "'@'")]
    [InlineData("a/b", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a#b", "'#'")]
    [InlineData("a?b", "'?'")]
    [InlineData("a\tb", "U+0009")]
    [InlineData("a\u007fb", "U+007F")]
    public void Ids_Durable_refuses_say_why(string id, string expected) =>
        Assert.Contains(expected, InstanceIds.Problem(id), StringComparison.Ordinal);

    [Theory]
    [InlineData("a%2Fb")]
    [InlineData("a%2fb")]
    public void An_encoded_slash_left_in_a_route_value_is_read_as_a_slash_and_refused(string routeValue) =>
        Assert.Contains("'/'", Assert.Throws<BadManagementRequestException>(() => InstanceIds.FromRoute(routeValue)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_valid_route_value_is_the_id() => Assert.Equal("run-1", InstanceIds.FromRoute("run-1"));
}
