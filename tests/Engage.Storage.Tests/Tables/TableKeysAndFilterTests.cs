using Engage.Storage.Tables;

namespace Engage.Storage.Tests.Tables;

public sealed class TableKeysAndFilterTests
{
    [Theory]
    [InlineData("a/b", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a#b", "'#'")]
    [InlineData("a?b", "'?'")]
    [InlineData("a\tb", "U+0009")]
    [InlineData("a\nb", "U+000A")]
    [InlineData("a\u007fb", "U+007F")]
    [InlineData("a\u0085b", "U+0085")]
    public void Keys_with_forbidden_characters_are_refused_with_a_clear_message(string key, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => TableKeys.Validate(key, "RowKey"));

        Assert.Contains("RowKey", error.Message, StringComparison.Ordinal);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_and_null_keys_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TableKeys.Validate(new string('k', TableKeys.MaxLength + 1), "PartitionKey"));
        Assert.Throws<ArgumentNullException>(() => TableKeys.Validate(null, "PartitionKey"));
        TableKeys.Validate(new string('k', TableKeys.MaxLength), "PartitionKey");
        TableKeys.Validate(string.Empty, "PartitionKey");
    }

    [Fact]
    public async Task Entity_operations_validate_keys_before_sending()
    {
        var transport = new CapturingTransport();
        var client = new TableClient(new Uri("https://acct.table.core.windows.net"), "things", new TableSharedKeyCredential("acct", "YQ=="), new TableClientOptions { Transport = transport });

        await Assert.ThrowsAsync<ArgumentException>(() => client.AddEntityAsync(new TableEntity("a/b", "r")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.GetEntityAsync<TableEntity>("p", "r#1"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.DeleteEntityAsync("p?", "r"));

        Assert.Empty(transport.Requests);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("has-dash")]
    [InlineData("tables")]
    public void Invalid_table_names_are_refused(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => new TableServiceClient("UseDevelopmentStorage=true").GetTableClient(name));

        Assert.Contains(name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Filter_values_become_typed_escaped_literals()
    {
        var id = Guid.Parse("c7a1b2d3-0000-4000-8000-000000000001");
        var filter = TableOdataFilter.Create(
            $"A eq {"it's"} and B eq {42} and C eq {42L} and D eq {1.0} and E eq {true} and F eq {new DateTimeOffset(2026, 1, 6, 10, 0, 0, TimeSpan.FromHours(2))} and G eq {id} and H eq {new byte[] { 0xAB, 0x01 }}");

        Assert.Equal(
            "A eq 'it''s' and B eq 42 and C eq 42L and D eq 1.0 and E eq true and F eq datetime'2026-01-06T08:00:00.0000000Z' and G eq guid'c7a1b2d3-0000-4000-8000-000000000001' and H eq X'ab01'",
            filter);
    }

    [Fact]
    public void Injection_attempts_stay_inside_one_string_literal()
    {
        Assert.Equal("Name eq ''' or true or '''", TableOdataFilter.Create($"Name eq {"' or true or '"}"));
    }

    [Fact]
    public void Null_and_unsupported_filter_values_are_refused()
    {
        Assert.Throws<ArgumentException>(() => TableOdataFilter.Create($"A eq {(string?)null}"));
        Assert.Throws<ArgumentException>(() => TableOdataFilter.Create($"A eq {new object()}"));
        Assert.Throws<ArgumentException>(() => TableOdataFilter.StartsWith("Row Key", "x"));
    }
}
