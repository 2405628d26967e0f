using Azure;
using Engage.Storage.Tables;
using Engage.Testing;

namespace Engage.Storage.Tests.Tables;

public sealed class TableEntityOperationsTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    [Fact]
    public async Task Add_then_get_returns_the_entity_with_its_etag()
    {
        var response = await Table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "Ada" });

        var entity = (await Table.GetEntityAsync<TableEntity>("p", "r")).Value;

        Assert.Equal(204, response.Status);
        Assert.Equal("Ada", entity.GetString("Name"));
        Assert.Equal(response.Headers.ETag, entity.ETag);
        Assert.NotNull(entity.Timestamp);
    }

    [Fact]
    public async Task Adding_an_existing_entity_fails_with_EntityAlreadyExists()
    {
        await Table.AddEntityAsync(new TableEntity("p", "dup"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => Table.AddEntityAsync(new TableEntity("p", "dup")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task Update_with_a_stale_etag_fails_with_412_UpdateConditionNotSatisfied()
    {
        var first = await Table.AddEntityAsync(new TableEntity("p", "e") { ["V"] = 1 });
        await Table.UpdateEntityAsync(new TableEntity("p", "e") { ["V"] = 2 }, first.Headers.ETag!.Value);

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => Table.UpdateEntityAsync(new TableEntity("p", "e") { ["V"] = 3 }, first.Headers.ETag!.Value));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.Equal(2, (await Table.GetEntityAsync<TableEntity>("p", "e")).Value.GetInt32("V"));
    }

    [Fact]
    public async Task Upsert_merge_keeps_other_properties_and_replace_removes_them()
    {
        await Table.UpsertEntityAsync(new TableEntity("p", "u") { ["A"] = "a", ["B"] = "b" });
        await Table.UpsertEntityAsync(new TableEntity("p", "u") { ["B"] = "b2" }, TableUpdateMode.Merge);
        var merged = (await Table.GetEntityAsync<TableEntity>("p", "u")).Value;

        await Table.UpsertEntityAsync(new TableEntity("p", "u") { ["C"] = "c" }, TableUpdateMode.Replace);
        var replaced = (await Table.GetEntityAsync<TableEntity>("p", "u")).Value;

        Assert.Equal(("a", "b2"), (merged.GetString("A"), merged.GetString("B")));
        Assert.False(replaced.ContainsKey("A"));
        Assert.False(replaced.ContainsKey("B"));
        Assert.Equal("c", replaced.GetString("C"));
    }

    [Fact]
    public async Task Update_of_a_missing_entity_is_404()
    {
        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => Table.UpdateEntityAsync(new TableEntity("p", "missing"), ETag.All));

        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task GetEntityIfExists_returns_no_value_for_a_missing_entity_and_GetEntity_throws()
    {
        var missing = await Table.GetEntityIfExistsAsync<TableEntity>("p", "nothing");
        var error = await Assert.ThrowsAsync<RequestFailedException>(() => Table.GetEntityAsync<TableEntity>("p", "nothing"));

        Assert.False(missing.HasValue);
        Assert.Equal(404, error.Status);
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_fails_and_unconditional_delete_succeeds()
    {
        var added = await Table.AddEntityAsync(new TableEntity("p", "d"));
        await Table.UpsertEntityAsync(new TableEntity("p", "d") { ["X"] = 1 });

        var stale = await Assert.ThrowsAsync<RequestFailedException>(() => Table.DeleteEntityAsync("p", "d", added.Headers.ETag!.Value));
        await Table.DeleteEntityAsync("p", "d");
        var again = await Table.DeleteEntityAsync("p", "d");

        Assert.Equal(412, stale.Status);
        Assert.False((await Table.GetEntityIfExistsAsync<TableEntity>("p", "d")).HasValue);
        Assert.Equal(404, again.Status);
    }

    [Fact]
    public async Task Keys_with_quotes_spaces_percent_and_unicode_work_in_urls()
    {
        const string pk = "O'Brien & co % 100";
        const string rk = "ключ 'é' +=,;:@$!*()";
        await Table.AddEntityAsync(new TableEntity(pk, rk) { ["V"] = "x" });
        await Table.UpsertEntityAsync(new TableEntity(pk, rk) { ["W"] = "y" });

        var entity = (await Table.GetEntityAsync<TableEntity>(pk, rk)).Value;
        await Table.DeleteEntityAsync(pk, rk);

        Assert.Equal((pk, rk, "x", "y"), (entity.PartitionKey, entity.RowKey, entity.GetString("V"), entity.GetString("W")));
        Assert.False((await Table.GetEntityIfExistsAsync<TableEntity>(pk, rk)).HasValue);
    }

    [Fact]
    public async Task Select_returns_only_the_named_properties()
    {
        await Table.AddEntityAsync(new TableEntity("p", "s") { ["A"] = "a", ["B"] = "b" });

        var entity = (await Table.GetEntityAsync<TableEntity>("p", "s", select: ["A"])).Value;

        Assert.Equal("a", entity.GetString("A"));
        Assert.False(entity.ContainsKey("B"));
    }
}
