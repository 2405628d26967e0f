using Engage.Functions.Discovery.Index;

namespace Engage.Functions.Tests.Discovery;

public sealed class IndexKeyTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_horizon_sorts_after_every_key_at_or_after_its_time_and_before_every_older_one()
    {
        var horizon = ActivityKey.Horizon(Noon);

        Assert.True(string.CompareOrdinal(ActivityKey.For(Noon.AddTicks(1), 1), horizon) < 0);
        Assert.True(string.CompareOrdinal(ActivityKey.For(Noon, long.MaxValue - 1), horizon) > 0);
        Assert.True(string.CompareOrdinal(ActivityKey.For(Noon.AddTicks(-1), long.MaxValue - 1), horizon) > 0);
        Assert.True(string.CompareOrdinal(ActivityKey.For(Noon, 7), ActivityKey.For(Noon, 6)) < 0);
    }

    [Fact]
    public void The_time_comes_back_out_of_a_key_and_nothing_else_passes()
    {
        Assert.True(ActivityKey.TryReadTime(ActivityKey.For(Noon, 42), out var time));
        Assert.Equal(Noon, time);
        Assert.False(ActivityKey.TryReadTime(ActivityKey.Prefix, out _));
        Assert.False(ActivityKey.TryReadTime(ActivityKey.Horizon(Noon), out _));
        Assert.False(ActivityKey.TryReadTime(ActivityKey.For(Noon, 42).Replace('|', '-'), out _));
        Assert.False(ActivityKey.TryReadTime("~" + new string('9', 19) + "|" + new string('0', 19), out _));
        Assert.False(ActivityKey.TryReadTime("~' or true or '|0000000000000000000", out _));
    }

    [Fact]
    public void Shards_are_stable_and_spread_sessions_evenly()
    {
        var counts = new int[IndexShards.Max];
        for (var i = 0; i < 16_000; i++)
        {
            counts[IndexShards.Of(SessionKey.For(Conversations.SessionId("s", i)), IndexShards.Max)]++;
        }

        // Existing indexes are read where these put them: changing the hash needs a new layout name.
        Assert.Equal([10, 14, 14], new[] { "a", "b", "c" }.Select(key => IndexShards.Of(key, 16)));
        Assert.Equal([2, 6, 6], new[] { "a", "b", "c" }.Select(key => IndexShards.Of(key, 8)));
        Assert.Equal([0, 0, 0], new[] { "a", "b", "c" }.Select(key => IndexShards.Of(key, 1)));
        Assert.All(counts, count => Assert.InRange(count, 850, 1_150));
    }

    [Fact]
    public void A_state_from_before_layouts_were_recorded_is_the_single_table()
    {
        Assert.True(IndexShards.IsLayout(string.Empty, 1));
        Assert.True(IndexShards.IsLayout(IndexShards.Layout(16), 16));
        Assert.False(IndexShards.IsLayout(string.Empty, 16));
        Assert.False(IndexShards.IsLayout(IndexShards.Layout(16), 8));
    }

    [Fact]
    public void A_continuation_with_a_key_that_is_not_an_activity_key_is_refused()
    {
        var crews = new HashSet<string>(["acme|support"], StringComparer.Ordinal);
        var good = new ListPosition(new Dictionary<string, string> { ["acme|support"] = ActivityKey.For(Noon, 3) }).Encode();
        var bad = new ListPosition(new Dictionary<string, string> { ["acme|support"] = "~' or PartitionKey ne '" }).Encode();

        Assert.True(ListPosition.TryDecode(good, crews, out var position));
        Assert.Equal(ActivityKey.For(Noon, 3), position.AfterFor("acme|support"));
        Assert.False(ListPosition.TryDecode(bad, crews, out _));
    }
}
