using Azure;
using Azure.Data.Tables;
using Engage.Functions.Storage;

namespace Engage.Functions.Workflows.Definitions;

/// <summary>
/// Table <c>WorkflowDefinitions</c>: the workflows' versions. The <see cref="SeedWorkflows"/> are added as version 1
/// the first time a process uses the table; adding is conditional, so any number of processes seed it once.
/// </summary>
public sealed class WorkflowDefinitions(TableServiceClient tables, TimeProvider timeProvider)
{
    public const string TableName = "WorkflowDefinitions";
    public const string SeedAuthor = "system";

    /// <summary>Concurrent new versions of one workflow race for the next number; the loser takes the one after.</summary>
    private const int VersionAttempts = 5;

    private readonly SeededTable _table = new(tables, TableName, (table, cancellationToken) => SeedAsync(table, timeProvider, cancellationToken));

    /// <summary>Version <paramref name="version"/> of <paramref name="id"/>, or its latest when null; null when there is none.</summary>
    public async Task<WorkflowDefinition?> FindAsync(string id, int? version, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        if (version is { } wanted)
        {
            var found = await table.GetEntityIfExistsAsync<WorkflowDefinition>(id, WorkflowDefinition.RowKeyFor(wanted), cancellationToken: cancellationToken);
            return found.HasValue ? found.Value : null;
        }

        WorkflowDefinition? latest = null;
        await foreach (var definition in table.QueryAsync<WorkflowDefinition>(TableClient.CreateQueryFilter($"PartitionKey eq {id}"), cancellationToken: cancellationToken))
        {
            latest = definition;
        }

        return latest;
    }

    /// <summary>The latest version of every workflow, by id. The table holds a few dozen rows, so one scan serves.</summary>
    public async Task<IReadOnlyList<WorkflowDefinition>> LatestAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var latest = new SortedDictionary<string, WorkflowDefinition>(StringComparer.Ordinal);
        await foreach (var definition in table.QueryAsync<WorkflowDefinition>(cancellationToken: cancellationToken))
        {
            latest[definition.Id] = definition;
        }

        return [.. latest.Values];
    }

    /// <summary>Stores <paramref name="draft"/> as the workflow's next version (1 for a new workflow) and answers it.</summary>
    public async Task<WorkflowDefinition> AddVersionAsync(DefinitionDraft draft, string author, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var version = ((await FindAsync(draft.Id, null, cancellationToken))?.Version ?? 0) + 1;
            var definition = WorkflowDefinition.Create(draft.Id, version, draft.Name, draft.Description, draft.Trigger, draft.Steps, author, timeProvider.GetUtcNow());
            try
            {
                await table.AddEntityAsync(definition, cancellationToken);
                return definition;
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < VersionAttempts)
            {
                // Another request stored this version first; take the next.
            }
        }
    }

    private static async Task SeedAsync(TableClient table, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        foreach (var (id, name, description, trigger, steps) in SeedWorkflows.All)
        {
            try
            {
                await table.AddEntityAsync(WorkflowDefinition.Create(id, 1, name, description, trigger, steps, SeedAuthor, timeProvider.GetUtcNow()), cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Seeded already, by this process before a restart or by another one.
            }
        }
    }
}
