using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Engage.Functions.Discovery.Crews;
using Engage.Functions.Storage;

namespace Engage.Functions.Discovery.State;

/// <summary>Crew states and the last run record. Runs and the webhook both update a crew's row, so every update is a read-modify-write on its ETag.</summary>
public sealed class DiscoveryStateStore(TableServiceClient tables, DiscoveryOptions options)
{
    private const int ConflictAttempts = 10;

    private readonly LazyTable _table = new(tables, options.StateTable);

    public Task<TableClient> TableAsync(CancellationToken cancellationToken) => _table.GetAsync(cancellationToken);

    public async Task<CrewStateEntity> GetAsync(CrewDefinition crew, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<CrewStateEntity>(CrewStateEntity.Partition, crew.Key, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value! : new CrewStateEntity { RowKey = crew.Key, Table = crew.Table.Name };
    }

    public async Task<IReadOnlyDictionary<string, CrewStateEntity>> GetAllAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var states = new Dictionary<string, CrewStateEntity>(StringComparer.Ordinal);
        await foreach (var state in table.QueryAsync<CrewStateEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {CrewStateEntity.Partition}"), cancellationToken: cancellationToken))
        {
            states[state.RowKey] = state;
        }

        return states;
    }

    /// <summary>Applies <paramref name="change"/> to the crew's current row, again on a fresh copy whenever another writer came first.</summary>
    public Task UpdateAsync(CrewDefinition crew, Action<CrewStateEntity> change, CancellationToken cancellationToken) =>
        UpdateAsync(crew, read: null, change, cancellationToken);

    /// <summary>
    /// As the other overload, but starts from <paramref name="read"/>, the row as the caller already read it with
    /// <see cref="GetAsync"/>: the write is conditioned on that copy, so a change since then still conflicts.
    /// </summary>
    public async Task UpdateAsync(CrewDefinition crew, CrewStateEntity? read, Action<CrewStateEntity> change, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var state = read ?? await GetAsync(crew, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            change(state);
            try
            {
                if (state.ETag == default)
                {
                    await table.AddEntityAsync(state, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(state, state.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < ConflictAttempts)
            {
                // Another writer updated the row between our read and write.
                state = await GetAsync(crew, cancellationToken);
            }
        }
    }

    public async Task<DiscoveryRunEntity?> GetLastRunAsync(CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<DiscoveryRunEntity>(DiscoveryRunEntity.Partition, DiscoveryRunEntity.Row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// Records <paramref name="run"/> as the last run and appends it to the recent runs the previous row kept. One
    /// runner holds the lease, so the read and the write do not race another run.
    /// </summary>
    public async Task SaveLastRunAsync(DiscoveryRunEntity run, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var previous = await GetLastRunAsync(cancellationToken);
        var recent = RecentRuns(previous);
        recent.Add(new DiscoveryRunSummary(run.StartedAt, run.DurationMs, run.Trigger, run.Crews, run.FailedCrews, run.Sessions, run.Created, run.Updated));
        run.RecentRuns = JsonSerializer.Serialize(recent.TakeLast(DiscoveryRunEntity.RecentRunLimit));
        await table.UpsertEntityAsync(run, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The runs a row kept, oldest first; none for a row written before runs were kept, or one that does not parse.</summary>
    public static List<DiscoveryRunSummary> RecentRuns(DiscoveryRunEntity? run)
    {
        if (string.IsNullOrEmpty(run?.RecentRuns))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<DiscoveryRunSummary>>(run.RecentRuns) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
