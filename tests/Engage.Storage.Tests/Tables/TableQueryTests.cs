using Engage.Storage.Tables;
using Engage.Testing;

namespace Engage.Storage.Tests.Tables;

public sealed class TableQueryTests(AzuriteFixture azurite) : TableTestBase(azurite)
{
    [Fact]
    public async Task A_query_over_2500_entities_returns_all_of_them_across_pages()
    {
        const int count = 2500;
        foreach (var partition in Enumerable.Range(0, count / 100))
        {
            var actions = Enumerable.Range(0, 100).Select(i => new TableTransactionAction(
                TableTransactionActionType.Add,
                new TableEntity($"p{partition:D2}", $"r{i:D3}") { ["N"] = (partition * 100) + i }));
            await Table.SubmitTransactionAsync(actions);
        }

        var pages = 0;
        var seen = new HashSet<int>();
        await foreach (var page in Table.QueryAsync<TableEntity>().AsPages())
        {
            pages++;
            foreach (var entity in page.Values)
            {
                Assert.True(seen.Add(entity.GetInt32("N")!.Value));
            }
        }

        Assert.Equal(count, seen.Count);
        Assert.True(pages >= 3, $"expected at least 3 pages of at most 1,000, got {pages}");
    }

    [Fact]
    public async Task Page_size_caps_each_page_and_continuation_resumes_where_it_stopped()
    {
        foreach (var i in Enumerable.Range(0, 25))
        {
            await Table.AddEntityAsync(new TableEntity("p", $"r{i:D2}"));
        }

        var pages = new List<int>();
        string? token = null;
        do
        {
            await foreach (var page in Table.QueryAsync<TableEntity>(maxPerPage: 10).AsPages(token))
            {
                pages.Add(page.Values.Count);
                token = page.ContinuationToken;
                break;
            }
        }
        while (token is not null);

        Assert.Equal([10, 10, 5], pages);
    }

    [Fact]
    public async Task A_filter_value_with_quotes_and_odata_keywords_matches_exactly_one_entity()
    {
        const string hostile = "' or true or '";
        await Table.AddEntityAsync(new TableEntity("p", "1") { ["Name"] = hostile });
        await Table.AddEntityAsync(new TableEntity("p", "2") { ["Name"] = "other" });
        await Table.AddEntityAsync(new TableEntity("p", "3") { ["Name"] = "O'Brien" });

        var hostileMatches = await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Name eq {hostile}")).ToListAsync();
        var quoted = await Table.QueryAsync<TableEntity>(TableOdataFilter.Create($"Name eq {"O'Brien"}")).ToListAsync();

        Assert.Equal("1", Assert.Single(hostileMatches).RowKey);
        Assert.Equal("3", Assert.Single(quoted).RowKey);
    }

    [Fact]
    public async Task Typed_filters_compare_long_datetime_guid_and_bool_values()
    {
        var id = Guid.NewGuid();
        var when = new DateTimeOffset(2026, 1, 6, 10, 0, 0, TimeSpan.Zero);
        await Table.AddEntityAsync(new TableEntity("p", "a") { ["Big"] = 5_000_000_000L, ["When"] = when, ["Id"] = id, ["On"] = true });
        await Table.AddEntityAsync(new TableEntity("p", "b") { ["Big"] = 1L, ["When"] = when.AddDays(-1), ["Id"] = Guid.NewGuid(), ["On"] = false });

        var filter = TableOdataFilter.Create($"Big gt {4_000_000_000L} and When ge {when} and Id eq {id} and On eq {true}");
        var found = await Table.QueryAsync<TableEntity>(filter).ToListAsync();

        Assert.Equal("a", Assert.Single(found).RowKey);
    }

    [Fact]
    public async Task Prefix_filter_matches_only_keys_starting_with_the_prefix()
    {
        foreach (var key in new[] { "run-1", "run-2", "runner", "ruo", "rum" })
        {
            await Table.AddEntityAsync(new TableEntity("p", key));
        }

        var found = await Table.QueryAsync<TableEntity>(TableOdataFilter.StartsWith("RowKey", "run-")).ToListAsync();

        Assert.Equal(["run-1", "run-2"], found.Select(e => e.RowKey));
    }

    [Fact]
    public async Task The_service_client_lists_tables_across_pages()
    {
        var names = Enumerable.Range(0, 5).Select(_ => TestNames.Table("list")).ToList();
        foreach (var name in names)
        {
            await Service.CreateTableIfNotExistsAsync(name);
        }

        var listed = await Service.QueryAsync(maxPerPage: 2).Select(t => t.Name).ToListAsync();
        foreach (var name in names)
        {
            await Service.DeleteTableAsync(name);
        }

        Assert.Superset(names.ToHashSet(), listed.ToHashSet());
    }
}
