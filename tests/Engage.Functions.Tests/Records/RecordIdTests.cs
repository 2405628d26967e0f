using Engage.Functions.Records;

namespace Engage.Functions.Tests.Records;

public sealed class RecordIdTests
{
    [Fact]
    public void A_child_id_names_its_customer()
    {
        var customer = RecordId.NewCustomer();
        var task = RecordId.NewChild(RecordId.Task, customer, DateTimeOffset.UtcNow);

        Assert.True(RecordId.IsCustomer(customer));
        Assert.True(RecordId.TryGetCustomer(RecordId.Task, task, out var found));
        Assert.Equal(customer, found);
    }

    [Fact]
    public void A_child_id_of_another_kind_or_shape_is_refused()
    {
        var customer = RecordId.NewCustomer();
        var task = RecordId.NewChild(RecordId.Task, customer, DateTimeOffset.UtcNow);

        Assert.False(RecordId.TryGetCustomer(RecordId.Execution, task, out _));
        Assert.False(RecordId.TryGetCustomer(RecordId.Task, task.ToUpperInvariant(), out _));
        Assert.False(RecordId.TryGetCustomer(RecordId.Task, task + "0", out _));
        Assert.False(RecordId.TryGetCustomer(RecordId.Task, task.Replace('_', '|'), out _));
        Assert.False(RecordId.TryGetCustomer(RecordId.Task, null, out _));
        Assert.False(RecordId.IsCustomer("cu_../../etc"));
    }

    [Fact]
    public void Children_made_later_sort_after_earlier_ones()
    {
        var customer = RecordId.NewCustomer();
        var earlier = RecordId.NewChild(RecordId.Task, customer, DateTimeOffset.UtcNow);
        var later = RecordId.NewChild(RecordId.Task, customer, DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
    }

    [Fact]
    public void A_stable_child_is_the_same_for_the_same_seed_only()
    {
        var customer = RecordId.NewCustomer();

        var first = RecordId.StableChild(RecordId.Execution, customer, "renewal-prep|2027-03-01");

        Assert.Equal(first, RecordId.StableChild(RecordId.Execution, customer, "renewal-prep|2027-03-01"));
        Assert.NotEqual(first, RecordId.StableChild(RecordId.Execution, customer, "renewal-prep|2028-03-01"));
        Assert.True(RecordId.TryGetCustomer(RecordId.Execution, first, out _));
    }
}
