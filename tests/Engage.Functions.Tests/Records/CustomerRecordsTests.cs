using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Customers;
using Engage.Testing;

namespace Engage.Functions.Tests.Records;

public sealed class CustomerRecordsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_change_and_its_event_are_stored_together_with_the_states_before_and_after()
    {
        var records = new CustomerRecords(new TableServiceClient(azurite.ConnectionString));
        var created = NewCustomer("Before Ltd");
        await records.SaveAsync(null, created, Change("customer_created"), CancellationToken.None);
        var read = (await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None))!;
        var renamed = (await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None))!;
        renamed.Name = "After Ltd";

        await records.SaveAsync(read, renamed, Change("customer_updated"), CancellationToken.None);

        var events = await records.EventsAsync(created.Id, null, CancellationToken.None).ToListAsync();
        Assert.Equal(["customer_created", "customer_updated"], events.Select(e => e.Type));
        Assert.Equal([1, 2], events.Select(e => e.Version));
        Assert.Null(events[0].Before);
        Assert.Equal(events[0].After, events[1].Before);
        Assert.Equal("After Ltd", JsonNode.Parse(events[1].After!)!["name"]!.GetValue<string>());
        Assert.Equal(2, (await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None))!.Version);
    }

    [Fact]
    public async Task A_write_over_a_stale_read_is_a_conflict_and_leaves_no_event()
    {
        var records = new CustomerRecords(new TableServiceClient(azurite.ConnectionString));
        var created = NewCustomer("Race Ltd");
        await records.SaveAsync(null, created, Change("customer_created"), CancellationToken.None);
        var first = (await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None))!;
        var second = (await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None))!;
        var firstChange = (await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None))!;
        firstChange.Industry = "Retail";
        await records.SaveAsync(first, firstChange, Change("customer_updated"), CancellationToken.None);
        var secondChange = (await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None))!;
        secondChange.Industry = "Energy";

        await Assert.ThrowsAsync<RecordConflictException>(() => records.SaveAsync(second, secondChange, Change("customer_updated"), CancellationToken.None));

        Assert.Equal(2, await records.EventsAsync(created.Id, null, CancellationToken.None).CountAsync());
        Assert.Equal("Retail", (await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None))!.Industry);
    }

    [Fact]
    public async Task Creating_a_record_that_exists_is_a_conflict()
    {
        var records = new CustomerRecords(new TableServiceClient(azurite.ConnectionString));
        var created = NewCustomer("Twice Ltd");
        await records.SaveAsync(null, created, Change("customer_created"), CancellationToken.None);
        var again = NewCustomer("Twice Ltd");
        again.PartitionKey = created.PartitionKey;
        again.RowKey = created.RowKey;

        await Assert.ThrowsAsync<RecordConflictException>(() => records.SaveAsync(null, again, Change("customer_created"), CancellationToken.None));
    }

    [Fact]
    public async Task A_deletion_leaves_its_event_with_the_last_state()
    {
        var records = new CustomerRecords(new TableServiceClient(azurite.ConnectionString));
        var created = NewCustomer("Gone Ltd");
        await records.SaveAsync(null, created, Change("customer_created"), CancellationToken.None);
        var read = (await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None))!;

        await records.DeleteAsync(read, Change("customer_deleted"), CancellationToken.None);

        Assert.Null(await records.FindAsync<Customer>(created.Id, created.RowKey, CancellationToken.None));
        var deleted = (await records.EventsAsync(created.Id, created.Id, CancellationToken.None).ToListAsync())[^1];
        Assert.Equal("customer_deleted", deleted.Type);
        Assert.Equal(2, deleted.Version);
        Assert.Null(deleted.After);
        Assert.Equal("Gone Ltd", JsonNode.Parse(deleted.Before!)!["name"]!.GetValue<string>());
    }

    private static Customer NewCustomer(string name)
    {
        var id = RecordId.NewCustomer();
        return new Customer { PartitionKey = id, RowKey = Customer.RowKeyFor(id), Name = name, Domain = $"{id}.example", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow };
    }

    private static RecordChange Change(string type) => new(type, "test", "tester@engage.local", DateTimeOffset.UtcNow);
}
