using Engage.Storage.Tables;
using Engage.Testing;

namespace Engage.Storage.Tests.Tables;

public sealed class TableTransactionTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    [Fact]
    public async Task A_transaction_runs_every_kind_of_operation_and_returns_an_etag_for_each()
    {
        var existing = await Table.AddEntityAsync(new TableEntity("p", "update") { ["V"] = 1 });
        await Table.AddEntityAsync(new TableEntity("p", "delete"));
        await Table.AddEntityAsync(new TableEntity("p", "merge") { ["Keep"] = "k" });

        var result = await Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["V"] = 1 }),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "update") { ["V"] = 2 }, existing.Headers.ETag!.Value),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "merge") { ["New"] = "n" }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "replace") { ["V"] = 3 }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ]);

        Assert.Equal(5, result.Value.Count);
        Assert.All(result.Value, r => Assert.Equal(204, r.Status));
        Assert.All(result.Value.Take(4), r => Assert.NotNull(r.Headers.ETag));
        var merged = (await Table.GetEntityAsync<TableEntity>("p", "merge")).Value;
        Assert.Equal(("k", "n"), (merged.GetString("Keep"), merged.GetString("New")));
        Assert.Equal(2, (await Table.GetEntityAsync<TableEntity>("p", "update")).Value.GetInt32("V"));
        Assert.Equal(result.Value[0].Headers.ETag, (await Table.GetEntityAsync<TableEntity>("p", "add")).Value.ETag);
        Assert.False((await Table.GetEntityIfExistsAsync<TableEntity>("p", "delete")).HasValue);
    }

    [Fact]
    public async Task A_transaction_whose_third_operation_fails_writes_nothing_and_names_it()
    {
        await Table.AddEntityAsync(new TableEntity("p", "taken"));

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "a")),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "b")),
            new(TableTransactionActionType.Add, new TableEntity("p", "taken")),
            new(TableTransactionActionType.Add, new TableEntity("p", "d")),
        ]));

        Assert.Equal(2, error.FailedTransactionActionIndex);
        Assert.Equal("taken", error.FailedEntity?.RowKey);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Contains("operation 2", error.Message, StringComparison.Ordinal);
        var rows = await Table.QueryAsync<TableEntity>().Select(e => e.RowKey).ToListAsync();
        Assert.Equal(["taken"], rows);
    }

    [Fact]
    public async Task A_stale_etag_inside_a_transaction_fails_it_with_412()
    {
        var first = await Table.AddEntityAsync(new TableEntity("p", "e"));
        await Table.UpsertEntityAsync(new TableEntity("p", "e") { ["V"] = 1 });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => Table.SubmitTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "e") { ["V"] = 2 }, first.Headers.ETag!.Value),
        ]));

        Assert.Equal((412, 1), (error.Status, error.FailedTransactionActionIndex));
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.False((await Table.GetEntityIfExistsAsync<TableEntity>("p", "new")).HasValue);
    }

    [Fact]
    public async Task A_transaction_of_100_operations_is_accepted()
    {
        var actions = Enumerable.Range(0, TableClient.MaxTransactionActions)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i:D3}") { ["Payload"] = new string('x', 1000) }));

        var result = await Table.SubmitTransactionAsync(actions);

        Assert.Equal(100, result.Value.Count);
        Assert.Equal(100, await Table.QueryAsync<TableEntity>().CountAsync());
    }

    [Fact]
    public async Task Invalid_transactions_are_refused_before_anything_is_sent()
    {
        var tooMany = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"{i}")));
        var twoPartitions = new[] { new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", "1")), new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("b", "1")) };
        var sameRowTwice = new[] { new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("a", "1")), new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity("a", "1")) };

        var errors = new[]
        {
            await Assert.ThrowsAsync<ArgumentException>(() => Table.SubmitTransactionAsync(tooMany)),
            await Assert.ThrowsAsync<ArgumentException>(() => Table.SubmitTransactionAsync(twoPartitions)),
            await Assert.ThrowsAsync<ArgumentException>(() => Table.SubmitTransactionAsync(sameRowTwice)),
            await Assert.ThrowsAsync<ArgumentException>(() => Table.SubmitTransactionAsync([])),
        };

        Assert.Contains("101", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("one partition", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("once", errors[2].Message, StringComparison.Ordinal);
        Assert.Empty(await Table.QueryAsync<TableEntity>().ToListAsync());
    }
}
