using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Engage.Functions.Identity;
using Engage.Functions.Records;
using Engage.Functions.Storage;

namespace Engage.Functions.Workflows.Preferences;

/// <summary>
/// Table <c>UserPreferences</c>. Preferences are a user's own settings, not a customer's records, so a change has no
/// event; it is still versioned, and a write is conditioned on the version read (412 when it moved).
/// </summary>
public sealed class PreferencesStore(TableServiceClient tables, TimeProvider timeProvider)
{
    public const string TableName = "UserPreferences";

    private readonly LazyTable _table = new(tables, TableName);

    /// <summary>The user's row, or null when they never chose anything (version 0: the defaults).</summary>
    public async Task<UserPreferencesEntity?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var found = await table.GetEntityIfExistsAsync<UserPreferencesEntity>(UserKeys.For(userId), UserPreferencesEntity.Row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Stores <paramref name="chosen"/> as the settings after <paramref name="before"/>, one version up.</summary>
    /// <exception cref="RecordConflictException">The preferences changed since <paramref name="before"/> was read.</exception>
    public async Task<UserPreferencesEntity> SaveAsync(string userId, UserPreferencesEntity? before, JsonObject chosen, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var after = new UserPreferencesEntity
        {
            PartitionKey = UserKeys.For(userId),
            UserId = userId,
            ChosenJson = chosen.ToJsonString(),
            Version = (before?.Version ?? 0) + 1,
            UpdatedAt = timeProvider.GetUtcNow(),
        };
        try
        {
            var response = before is null
                ? await table.AddEntityAsync(after, cancellationToken)
                : await table.UpdateEntityAsync(after, before.ETag, TableUpdateMode.Replace, cancellationToken);
            after.ETag = response.Headers.ETag ?? after.ETag;
            return after;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 or 404)
        {
            throw new RecordConflictException($"The preferences of {userId}");
        }
    }
}
