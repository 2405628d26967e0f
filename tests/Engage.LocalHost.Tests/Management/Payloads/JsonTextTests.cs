using System.Text.Json;
using Engage.LocalHost.Durable.Management;

namespace Engage.LocalHost.Tests.Management.Payloads;

public sealed class JsonTextTests
{
    [Fact]
    public void No_stored_value_is_null() => Assert.Null(JsonText.Parse(null));

    [Theory]
    [InlineData("{\"a\":[1,2]}", "{\"a\":[1,2]}")]
    [InlineData(" 42 ", "42")]
    [InlineData("\"text\"", "\"text\"")]
    [InlineData("null", null)]
    public void Stored_JSON_is_shown_as_the_JSON_value(string stored, string? expected) =>
        Assert.Equal(expected, JsonText.Parse(stored)?.ToJsonString());

    [Theory]
    [InlineData("no longer needed", "\"no longer needed\"")]
    [InlineData("   ", "\"\"")]
    public void Stored_text_that_is_not_JSON_is_shown_as_a_string(string stored, string expected) =>
        Assert.Equal(expected, JsonText.Parse(stored)!.ToJsonString(new JsonSerializerOptions()));
}
