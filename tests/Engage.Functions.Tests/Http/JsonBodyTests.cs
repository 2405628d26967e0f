using System.Text;
using Engage.Functions.Http;

namespace Engage.Functions.Tests.Http;

/// <summary>What request bodies JSON routes refuse before they read a field, each with one sentence saying why.</summary>
public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("{\"\\ud800\": 1}")]
    [InlineData("{\"name\": \"Acme\", \"\\udc00x\": 1}")]
    [InlineData("[{\"a\": {\"\\ud800\": true}}]")]
    public void A_property_name_that_is_no_text_is_refused_not_thrown(string json)
    {
        Assert.False(JsonBody.TryParse(Encoding.UTF8.GetBytes(json), out var parsed, out var error));

        Assert.Null(parsed);
        Assert.Contains("property name that is not valid text", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_value_that_is_no_text_is_refused()
    {
        Assert.False(JsonBody.TryParse("{\"name\": \"\\ud800\"}"u8, out _, out var error));

        Assert.Contains("string that is not valid text", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_surrogate_pair_in_a_property_name_is_text()
    {
        Assert.True(JsonBody.TryParse("{\"\\ud83d\\ude00\": 1}"u8, out var parsed, out var error), error);

        Assert.Equal("\U0001F600", Assert.Single(parsed!.AsObject()).Key);
    }
}
