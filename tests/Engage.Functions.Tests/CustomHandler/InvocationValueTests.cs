using System.Text.Json;
using Engage.Functions.CustomHandler;

namespace Engage.Functions.Tests.CustomHandler;

/// <summary>The host sends values raw or JSON-stringified once; both read the same.</summary>
public sealed class InvocationValueTests
{
    [Theory]
    [InlineData("""{"m":"{\"instanceId\":\"a\"}"}""", """{"instanceId":"a"}""")]
    [InlineData("""{"m":"\"{\\\"instanceId\\\":\\\"a\\\"}\""}""", """{"instanceId":"a"}""")]
    [InlineData("""{"m":{"instanceId":"a"}}""", """{"instanceId":"a"}""")]
    [InlineData("""{"m":"plain text"}""", "plain text")]
    [InlineData("""{"m":"\"plain text\""}""", "plain text")]
    [InlineData("""{"m":"\"\\\"twice\\\"\""}""", "\"twice\"")]
    public void Message_text_is_unquoted_at_most_once(string container, string expected) =>
        Assert.Equal(expected, InvocationValue.ReadText(Member(container)));

    [Theory]
    [InlineData("""{"m":3}""", 3L)]
    [InlineData("""{"m":"3"}""", 3L)]
    [InlineData("""{"m":"\"3\""}""", 3L)]
    [InlineData("""{"m":"three"}""", null)]
    [InlineData("""{"m":null}""", null)]
    public void Numbers_arrive_as_numbers_or_as_their_text(string container, long? expected) =>
        Assert.Equal(expected, InvocationValue.ReadInt64(Member(container)));

    [Theory]
    [InlineData("""{"m":true}""", true)]
    [InlineData("""{"m":"True"}""", true)]
    [InlineData("""{"m":"\"false\""}""", false)]
    [InlineData("""{"m":1}""", null)]
    public void Flags_arrive_as_booleans_or_as_their_text(string container, bool? expected) =>
        Assert.Equal(expected, InvocationValue.ReadBoolean(Member(container)));

    [Theory]
    [InlineData("""{"m":"2026-11-22T03:30:00"}""")]
    [InlineData("""{"m":"2026-11-22T03:30:00Z"}""")]
    [InlineData("""{"m":"\"2026-11-22T04:30:00+01:00\""}""")]
    public void Times_without_an_offset_are_utc(string container) =>
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 3, 30, 0, TimeSpan.Zero), InvocationValue.ReadTime(Member(container)));

    [Fact]
    public void Objects_may_arrive_as_their_json_text_and_members_match_in_any_case()
    {
        var timer = InvocationValue.ReadObject(Member("""{"m":"{\"isPastDue\":true}"}"""));

        Assert.True(InvocationValue.TryGetMember(timer!.Value, "IsPastDue", out var flag));
        Assert.True(flag.GetBoolean());
        Assert.Null(InvocationValue.ReadObject(Member("""{"m":"[1]"}""")));
    }

    private static JsonElement Member(string container)
    {
        using var document = JsonDocument.Parse(container);
        return document.RootElement.GetProperty("m").Clone();
    }
}
