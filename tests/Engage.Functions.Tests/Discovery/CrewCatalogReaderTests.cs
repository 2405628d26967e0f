using Engage.Functions.Discovery;
using Engage.Functions.Discovery.Crews;
using Microsoft.Extensions.Configuration;

namespace Engage.Functions.Tests.Discovery;

public sealed class CrewCatalogReaderTests
{
    [Theory]
    [InlineData("n8n_chat_histories", true)]
    [InlineData("crew_42", true)]
    [InlineData("Crew", false)]
    [InlineData("public.histories", false)]
    [InlineData("a-b", false)]
    [InlineData("x\"; drop table y; --", false)]
    [InlineData("", false)]
    [InlineData("n8n_chat_histories\n", false)]
    [InlineData("crew_42\r\n", false)]
    public void Table_names_must_match_the_pattern(string name, bool valid)
    {
        Assert.Equal(valid, SourceTableName.TryCreate(name, out var table, out var error));
        Assert.Equal(valid, error.Length == 0);
        if (valid)
        {
            Assert.Equal($"\"{name}\"", table.Quoted);
        }
    }

    [Theory]
    [InlineData("acme\n", "support")]
    [InlineData("acme", "support\n")]
    public void Client_and_crew_codes_with_a_line_break_are_refused(string client, string crew)
    {
        var catalog = CrewCatalogReader.Read(Settings(("DISCOVERY_CREWS",
            System.Text.Json.JsonSerializer.Serialize(new[] { new { client, crew, source = "sqlite", connection = "Data Source=x", table = "t" } }))));

        Assert.Empty(catalog.Crews);
        Assert.Contains("client and crew must be codes", Assert.Single(catalog.Refused).Reason);
    }

    [Theory]
    [InlineData("engage\n")]
    [InlineData(" engage \r\n")]
    public void A_table_prefix_is_used_without_the_line_break_it_was_pasted_with(string prefix)
    {
        var options = DiscoveryOptions.From(Settings(("DISCOVERY_TABLE_PREFIX", prefix)));

        Assert.Equal("engage", options.TablePrefix);
        Assert.Equal("engageConversations", options.IndexTable);
    }

    [Theory]
    [InlineData("eng\nage")]
    [InlineData("engage-x")]
    [InlineData("1engage")]
    public void A_table_prefix_that_is_not_letters_and_digits_stops_the_start(string prefix)
    {
        var error = Assert.Throws<InvalidOperationException>(() => DiscoveryOptions.From(Settings(("DISCOVERY_TABLE_PREFIX", prefix))));

        Assert.Contains("DISCOVERY_TABLE_PREFIX must be 1 to 20 letters and digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_setting_that_is_not_json_stops_the_start_with_a_clear_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => CrewCatalogReader.Read(Settings(("DISCOVERY_CREWS", "[{client: acme"))));

        Assert.Contains("DISCOVERY_CREWS must be a JSON array", error.Message);
    }

    [Fact]
    public void The_connection_comes_from_the_named_setting_or_connection_string()
    {
        var catalog = CrewCatalogReader.Read(Settings(
            ("DISCOVERY_CREWS", """[{"client":"acme","crew":"a","source":"postgres","connection_setting":"ACME_DB","table":"t"},{"client":"acme","crew":"b","source":"postgres","connection_setting":"Named","table":"t"},{"client":"acme","crew":"a","source":"sqlite","connection":"Data Source=x","table":"t"}]"""),
            ("ACME_DB", "Host=db;Password=p"),
            ("ConnectionStrings:Named", "Host=other")));

        Assert.Equal(["Host=db;Password=p", "Host=other"], catalog.Crews.Select(c => c.ConnectionString));
        Assert.Equal("acme|a", catalog.Crews[0].ToString());
        Assert.Contains("more than once", Assert.Single(catalog.Refused).Reason);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData(",\"index_shards\":null", 1)]
    [InlineData(",\"index_shards\":1", 1)]
    [InlineData(",\"index_shards\":16", 16)]
    [InlineData(",\"index_shards\":0", null)]
    [InlineData(",\"index_shards\":17", null)]
    [InlineData(",\"index_shards\":2.5", null)]
    [InlineData(",\"index_shards\":\"16\"", null)]
    public void Index_shards_are_one_to_sixteen_and_a_wrong_value_refuses_only_its_crew(string shards, int? expected)
    {
        var catalog = CrewCatalogReader.Read(Settings(("DISCOVERY_CREWS",
            $$"""[{"client":"acme","crew":"a","source":"sqlite","connection":"Data Source=x","table":"t"{{shards}}},{"client":"acme","crew":"b","source":"sqlite","connection":"Data Source=x","table":"t"}]""")));

        if (expected is { } count)
        {
            Assert.Equal(count, catalog.Find("acme", "a")!.Shards);
        }
        else
        {
            Assert.Null(catalog.Find("acme", "a"));
            Assert.Contains("index_shards must be a whole number from 1 to 16", Assert.Single(catalog.Refused).Reason);
        }

        Assert.Equal(1, catalog.Find("acme", "b")!.Shards);
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();
}
