using Azure.Data.Tables;
using Engage.Functions.Storage;

namespace Engage.Functions.Workflows.Actions;

/// <summary>
/// Table <c>SavedActions</c>: the saved actions as the frontend lists them. The app seeds it from its own actions
/// when it first uses it in a process, by upserting each, so seeding again (every start, every instance) changes
/// nothing but keeps the table in step with the code that executes them.
/// </summary>
public sealed class SavedActionCatalog(TableServiceClient tables, IEnumerable<SavedAction> actions)
{
    public const string TableName = "SavedActions";

    private readonly SeededTable _table = new(tables, TableName, async (table, cancellationToken) =>
    {
        foreach (var action in actions.Select(SavedActionEntity.From))
        {
            await table.UpsertEntityAsync(action, TableUpdateMode.Replace, cancellationToken);
        }
    });

    public IReadOnlyList<SavedAction> Actions { get; } = [.. actions];

    public async Task<IReadOnlyList<SavedActionEntity>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var listed = new List<SavedActionEntity>();
        await foreach (var action in table.QueryAsync<SavedActionEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {SavedActionEntity.Partition}"), cancellationToken: cancellationToken))
        {
            listed.Add(action);
        }

        return [.. listed.OrderBy(a => a.Position)];
    }
}
