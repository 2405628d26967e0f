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
    public void Table_names_must_match_the_pattern(string name, bool valid)
    {
        Assert.Equal(valid, SourceTableName.TryCreate(name, out var table, out var error));
        Assert.Equal(valid, error.Length == 0);
        if (valid)
        {
            Assert.Equal($"\"{name}\"", table.Quoted);
        }
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
