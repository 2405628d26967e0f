using System.Text.Json.Nodes;
using Engage.Functions.Commands;
using Engage.Functions.Records;
using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Workflows.Preferences;

/// <summary>The caller's own preferences (docs/workflow-preferences.md): read them, or change them with a JSON merge patch.</summary>
public sealed class PreferencesFunctions(WorkflowRequests requests, PreferencesStore store)
{
    private const int MaxBodyBytes = 16 * 1024;

    [Function("GetPreferences")]
    public async Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "workflows/preferences")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!requests.TryAccess(request, out var access, out var problem))
        {
            return problem!;
        }

        var saved = await store.FindAsync(access.Caller.UserId, cancellationToken);
        request.HttpContext.Response.Headers.ETag = RecordVersions.ETag(saved?.Version ?? 0);
        return TypedResults.Json(Answer(saved));
    }

    [Function("UpdatePreferences")]
    public Task<IResult> UpdateAsync(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "workflows/preferences")] HttpRequest request,
        CancellationToken cancellationToken) =>
        requests.RunAsync(
            request,
            "preferences",
            MaxBodyBytes,
            """{"ui": {"theme": "dark"}, "workflow": {"defaultSnoozeHours": 48}}""",
            PreferencesSchema.ReadPatch,
            _ => UserPreferencesEntity.Row,
            async (access, patch, _, token) =>
            {
                var userId = access.Caller.UserId;
                var before = await store.FindAsync(userId, token);
                if (RecordVersions.CheckIfMatch(request, $"The preferences of {userId}", before?.Version ?? 0) is { } stale)
                {
                    return stale;
                }

                var chosen = before?.GetChosen() ?? [];
                var merged = PreferencesSchema.Merge(chosen, patch);
                var after = JsonNode.DeepEquals(chosen, merged) ? before : await store.SaveAsync(userId, before, merged, token);
                return CommandAnswer.Ok(Answer(after), RecordVersions.ETag(after?.Version ?? 0));
            },
            cancellationToken);

    /// <summary>The defaults with the user's choices on top, and the version.</summary>
    private static JsonObject Answer(UserPreferencesEntity? saved)
    {
        var preferences = PreferencesSchema.Merge(PreferencesSchema.Defaults(), saved?.GetChosen() ?? []);
        preferences["version"] = saved?.Version ?? 0;
        preferences["updatedAt"] = saved?.UpdatedAt;
        return preferences;
    }
}
