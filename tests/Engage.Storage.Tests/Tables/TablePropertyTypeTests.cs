using Azure;
using Engage.Storage.Tables;
using Engage.Testing;

namespace Engage.Storage.Tests.Tables;

public sealed class TablePropertyTypeTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    private static readonly DateTimeOffset When = new(2026, 11, 21, 23, 59, 58, 123, TimeSpan.Zero);

    public enum Colour
    {
        Red,
        Green,
    }

    [Fact]
    public async Task Every_property_type_round_trips_through_a_dictionary_entity()
    {
        var id = Guid.NewGuid();
        byte[] bytes = [0, 1, 2, 254, 255];
        await Table.AddEntityAsync(new TableEntity("p", "types")
        {
            ["Text"] = "héllo \"world\" <xml/>\n",
            ["Flag"] = true,
            ["Small"] = -42,
            ["Big"] = long.MaxValue,
            ["Whole"] = 3.0,
            ["Ratio"] = 0.1,
            ["NotANumber"] = double.NaN,
            ["When"] = When.AddTicks(4567),
            ["Id"] = id,
            ["Bytes"] = bytes,
            ["Nothing"] = null,
        });

        var e = (await Table.GetEntityAsync<TableEntity>("p", "types")).Value;

        Assert.Equal("héllo \"world\" <xml/>\n", e["Text"]);
        Assert.Equal(true, e["Flag"]);
        Assert.Equal(-42, e["Small"]);
        Assert.Equal(long.MaxValue, e["Big"]);
        Assert.Equal(3.0, Assert.IsType<double>(e["Whole"]));
        Assert.Equal(0.1, e["Ratio"]);
        Assert.True(double.IsNaN(Assert.IsType<double>(e["NotANumber"])));
        Assert.Equal(When.AddTicks(4567), e["When"]);
        Assert.Equal(id, e["Id"]);
        Assert.Equal(bytes, e["Bytes"]);
        Assert.False(e.ContainsKey("Nothing"));
    }

    [Fact]
    public async Task A_poco_entity_round_trips_every_supported_type()
    {
        var sent = new TypedEntity
        {
            PartitionKey = "p",
            RowKey = "poco",
            Text = "x",
            Flag = true,
            Small = 7,
            Big = 1L << 40,
            Ratio = 2.5,
            When = When,
            Utc = When.UtcDateTime,
            Id = Guid.NewGuid(),
            Bytes = [9, 8, 7],
            Optional = null,
            OptionalCount = 5,
            Colour = Colour.Green,
            Ignored = "never stored",
        };

        await Table.AddEntityAsync(sent);
        var got = (await Table.GetEntityAsync<TypedEntity>("p", "poco")).Value;
        var raw = (await Table.GetEntityAsync<TableEntity>("p", "poco")).Value;

        Assert.Equal(
            (sent.Text, sent.Flag, sent.Small, sent.Big, sent.Ratio, sent.When, sent.Utc, sent.Id, sent.Optional, sent.OptionalCount, sent.Colour),
            (got.Text, got.Flag, got.Small, got.Big, got.Ratio, got.When, got.Utc, got.Id, got.Optional, got.OptionalCount, got.Colour));
        Assert.Equal(sent.Bytes, got.Bytes);
        Assert.Equal(DateTimeKind.Utc, got.Utc.Kind);
        Assert.Null(got.Ignored);
        Assert.False(raw.ContainsKey(nameof(TypedEntity.Ignored)));
        Assert.Equal("Green", raw.GetString(nameof(TypedEntity.Colour)));
        Assert.NotEqual(default, got.ETag);
        Assert.NotNull(got.Timestamp);
    }

    [Fact]
    public async Task Query_maps_results_to_pocos()
    {
        await Table.AddEntityAsync(new TypedEntity { PartitionKey = "q", RowKey = "1", Small = 1 });
        await Table.AddEntityAsync(new TypedEntity { PartitionKey = "q", RowKey = "2", Small = 2 });

        var found = await Table.QueryAsync<TypedEntity>(TableOdataFilter.Create($"PartitionKey eq {"q"} and Small ge {2}")).ToListAsync();

        Assert.Equal(2, Assert.Single(found).Small);
    }

    [Fact]
    public async Task Reading_a_property_as_the_wrong_type_names_the_property()
    {
        await Table.AddEntityAsync(new TableEntity("p", "wrong") { ["Small"] = "not a number" });

        var entity = (await Table.GetEntityAsync<TableEntity>("p", "wrong")).Value;
        var error = Assert.Throws<InvalidOperationException>(() => entity.GetInt32("Small"));
        var mapped = await Assert.ThrowsAsync<InvalidOperationException>(() => Table.GetEntityAsync<TypedEntity>("p", "wrong"));

        Assert.Contains("Small", error.Message, StringComparison.Ordinal);
        Assert.Contains("Small", mapped.Message, StringComparison.Ordinal);
    }

    public sealed class TypedEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = string.Empty;

        public string RowKey { get; set; } = string.Empty;

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string? Text { get; set; }

        public bool Flag { get; set; }

        public int Small { get; set; }

        public long Big { get; set; }

        public double Ratio { get; set; }

        public DateTimeOffset When { get; set; }

        public DateTime Utc { get; set; }

        public Guid Id { get; set; }

        public byte[]? Bytes { get; set; }

        public string? Optional { get; set; }

        public int? OptionalCount { get; set; }

        public Colour Colour { get; set; }

        [System.Runtime.Serialization.IgnoreDataMember]
        public string? Ignored { get; set; }
    }
}
