using System.Text;
using Engage.Functions.Records;
using Engage.Functions.Tests.Workflows;
using Engage.Functions.Workflows.Artifacts;
using Engage.Functions.Workflows.Tasks;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Faults;

/// <summary>Records the task, artifact and action routes are probed on: a customer of the development admin with an execution, a task and an artifact.</summary>
public sealed record WorkflowRecordValues(string CustomerId, string ExecutionId, string TaskId, string ArtifactId)
{
    /// <summary>The read routes to call once before the matrix, so that what they create on first use exists.</summary>
    public IEnumerable<string> WarmUpPaths =>
    [
        $"/api/workflows/tasks?customerId={CustomerId}",
        $"/api/workflows/tasks/{TaskId}",
        $"/api/workflows/artifacts?customerId={CustomerId}",
        $"/api/workflows/artifacts/{ArtifactId}",
        "/api/workflows/actions",
        "/api/workflows/preferences",
    ];

    /// <summary>Writes the records straight to storage, as their own routes would.</summary>
    public static async Task<WorkflowRecordValues> SeedAsync(AppOnAzuriteFactory app)
    {
        var seeded = new SeededRecords(app);
        var customer = await seeded.CustomerAsync(null);
        var execution = await seeded.ExecutionAsync(customer);
        var now = DateTimeOffset.UtcNow;
        var taskId = RecordId.NewChild(RecordId.Task, customer.Id, now);
        var task = new TaskRecord
        {
            PartitionKey = customer.Id,
            RowKey = TaskRecord.RowKeyFor(taskId),
            WorkflowExecutionId = execution.Id,
            Title = "Probe me",
            Assignee = "admin@engage.local",
            CreatedBy = "admin@engage.local",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var artifactId = RecordId.NewChild(RecordId.Artifact, customer.Id, now);
        var artifact = new ArtifactRecord
        {
            PartitionKey = customer.Id,
            RowKey = ArtifactRecord.RowKeyFor(artifactId),
            TaskId = taskId,
            Type = ArtifactTypes.EmailDraft,
            Title = "Probe me",
            ContentJson = """{"to": "someone@example.com"}""",
            CreatedBy = "admin@engage.local",
            CreatedAt = now,
            UpdatedAt = now,
        };
        var records = app.Services.GetRequiredService<CustomerRecords>();
        await records.SaveAsync(null, task, new RecordChange("task_created", "made by the matrix", "test", now), CancellationToken.None);
        await records.SaveAsync(null, artifact, new RecordChange("artifact_created", "made by the matrix", "test", now), CancellationToken.None);
        return new WorkflowRecordValues(customer.Id, execution.Id, taskId, artifactId);
    }
}

/// <summary>
/// The matrix's rows for the task, artifact, saved-action and preference routes. Their free-text fields (a title, a
/// reason) take most hostile texts as they are, so those bodies would write and are not sent; ids, kinds, times and
/// numbers take none of them.
/// </summary>
public static class WorkflowRecordRoutes
{
    private const string EmptyList = """{"items":[],"continuation":null}""";

    /// <summary>The content values refused: null, and strings that are no text.</summary>
    private static readonly HashSet<string> NoContent = ["content null", "content lone surrogate", "content invalid UTF-8", "content overlong UTF-8 slash"];

    public static IEnumerable<Probe> All(WorkflowRecordValues known)
    {
        var taskFields = new Dictionary<string, string> { ["customerId"] = known.CustomerId, ["title"] = "Call the champion" };
        var createTask = new RouteRequest("POST", "/api/workflows/tasks") { Body = new("valid", Hostile.Object(taskFields)) };
        var listTasks = new RouteRequest("GET", "/api/workflows/tasks") { QueryValues = [("customerId", known.CustomerId)] };
        var task = Record("GET", "/api/workflows/tasks/{id}", known.TaskId);
        var titleEdit = new Dictionary<string, string> { ["title"] = "Renamed" };
        var patchTask = Record("PATCH", "/api/workflows/tasks/{id}", known.TaskId) with { Body = new("valid", Hostile.Object(titleEdit)) };
        var actionFields = new Dictionary<string, string> { ["action"] = "complete" };
        var deleteTask = Record("DELETE", "/api/workflows/tasks/{id}", known.TaskId);

        var artifactFields = new Dictionary<string, string> { ["customerId"] = known.CustomerId, ["type"] = "note", ["title"] = "Notes", ["content"] = "Said yes." };
        var createArtifact = new RouteRequest("POST", "/api/workflows/artifacts") { Body = new("valid", Hostile.Object(artifactFields)) };
        var listArtifacts = new RouteRequest("GET", "/api/workflows/artifacts") { QueryValues = [("customerId", known.CustomerId)] };
        var artifact = Record("GET", "/api/workflows/artifacts/{id}", known.ArtifactId);
        var patchArtifact = Record("PATCH", "/api/workflows/artifacts/{id}", known.ArtifactId) with { Body = new("valid", Hostile.Object(titleEdit)) };
        var deleteArtifact = Record("DELETE", "/api/workflows/artifacts/{id}", known.ArtifactId);

        var executeFields = new Dictionary<string, string> { ["actionId"] = "skip", ["workflowExecutionId"] = known.ExecutionId };
        var execute = new RouteRequest("POST", "/api/workflows/actions/execute") { Body = new("valid", Hostile.Object(executeFields)) };
        var preferences = new RouteRequest("PATCH", "/api/workflows/preferences") { Body = new("valid", """{"ui": {"theme": "dark"}}"""u8.ToArray()) };

        return
        [
            .. createTask.Bodies(Hostile.Objects(taskFields, ["customerId", "title"]), FreeText("title", 200, "create a task")),
            .. listTasks.Query("customerId", Hostile.Texts, BadInputRoutes.EmptyIsAbsent),
            .. listTasks.Query("workflowExecutionId", Hostile.Texts, BadInputRoutes.EmptyIsAbsent),
            .. listTasks.Query("assignee", Hostile.Texts, UserFilter(256, "no task is assigned to this one")),
            .. listTasks.Query("status", Hostile.TextsAnd(("other case", "Open")), BadInputRoutes.EmptyIsAbsent),
            .. listTasks.Query("dueBefore", Hostile.Times, BadInputRoutes.EmptyIsAbsent),
            .. listTasks.Query("limit", Hostile.Numbers(200), BadInputRoutes.EmptyIsAbsent),
            .. listTasks.Query("continuation", BadInputRoutes.Tokens, BadInputRoutes.EmptyIsAbsent),
            .. new[] { task, patchTask, deleteTask }.SelectMany(route => route.Path("id", Ids(known, "tk"), BadInputRoutes.Segment)),
            .. patchTask.Bodies(Hostile.Objects(titleEdit, []), FreeText("title", 200, "rename the task")),
            .. patchTask.Bodies(
                Hostile.Objects(actionFields, ["action"]),
                body => body.Name == "no action" ? new Exclusion("{} is an empty merge patch, which changes nothing and answers the task", Sent: false) : null),
            .. patchTask.Bodies(Nested("""{"action": "snooze", "until": """, Hostile.Times, "}", "until")),
            .. createArtifact.Bodies(Hostile.Objects(artifactFields, ["customerId", "type", "title", "content"]), ArtifactBody),
            .. listArtifacts.Query("customerId", Hostile.Texts),
            .. listArtifacts.Query("taskId", Hostile.Texts, BadInputRoutes.EmptyIsAbsent),
            .. listArtifacts.Query("workflowExecutionId", Hostile.Texts, BadInputRoutes.EmptyIsAbsent),
            .. listArtifacts.Query("type", Hostile.TextsAnd(("other case", "Note")), BadInputRoutes.EmptyIsAbsent),
            .. listArtifacts.Query("limit", Hostile.Numbers(200), BadInputRoutes.EmptyIsAbsent),
            .. listArtifacts.Query("continuation", BadInputRoutes.Tokens, BadInputRoutes.EmptyIsAbsent),
            .. new[] { artifact, patchArtifact, deleteArtifact }.SelectMany(route => route.Path("id", Ids(known, "ar"), BadInputRoutes.Segment)),
            .. patchArtifact.Bodies(Hostile.Objects(titleEdit, []), FreeText("title", 200, "rename the artifact")),
            .. patchArtifact.Bodies(Nested("""{"isApproved": """, Hostile.Texts, "}", "isApproved")),
            .. execute.Bodies(Hostile.Objects(executeFields, ["actionId", "workflowExecutionId"])),
            .. execute.Bodies(Nested($$"""{"actionId": "snooze", "workflowExecutionId": "{{known.ExecutionId}}", "params": {"until": """, Hostile.Times, "}}", "params.until")),
            .. execute.Bodies(Nested($$"""{"actionId": "create_task", "workflowExecutionId": "{{known.ExecutionId}}", "params": """, Hostile.Texts, "}", "params")),
            .. new RouteRequest("GET", "/api/workflows/actions").Query("anything", Hostile.Texts, _ => new Exclusion(BadInputRoutes.ReadsNoInput)),
            .. new RouteRequest("GET", "/api/workflows/preferences").Query("anything", Hostile.Texts, _ => new Exclusion(BadInputRoutes.ReadsNoInput)),
            .. preferences.Bodies(Hostile.Bodies("""{"ui": {"theme": "dark"}}""")),
            .. preferences.Bodies(new[] { "[]", "\"dark\"", "42", "true", "null" }.Select(root => new HostileBody($"root {root}", Encoding.UTF8.GetBytes(root)))),
            .. preferences.Bodies(Nested("""{"ui": {"theme": """, Hostile.Texts, "}}", "ui.theme")),
            .. preferences.Bodies(Nested("""{"workflow": {"queueLimit": """, Hostile.Texts, "}}", "workflow.queueLimit")),
        ];
    }

    private static RouteRequest Record(string method, string template, string id) =>
        new(method, template) { PathValues = new Dictionary<string, string> { ["id"] = id } };

    /// <summary>Every hostile text, and ids that are well formed but of another kind or of no record.</summary>
    private static IReadOnlyList<HostileText> Ids(WorkflowRecordValues known, string kind) =>
        Hostile.TextsAnd(
            ("id of another kind", known.ExecutionId),
            ("id of no record", $"{kind}_{known.CustomerId[3..]}_{new string('0', 32)}"),
            ("id one digit short", (kind == "tk" ? known.TaskId : known.ArtifactId)[..^1]),
            ("id in upper case", (kind == "tk" ? known.TaskId : known.ArtifactId).ToUpperInvariant()));

    /// <summary>Bodies of <paramref name="prefix"/>, each value, <paramref name="suffix"/>: a value placed inside other JSON.</summary>
    private static IEnumerable<HostileBody> Nested(string prefix, IEnumerable<HostileText> values, string suffix, string label) =>
        values.Select(value => new HostileBody($"{label} {value.Name}", [.. Encoding.UTF8.GetBytes(prefix), .. value.Json, .. Encoding.UTF8.GetBytes(suffix)]));

    /// <summary>
    /// A one-line text field takes any hostile text that is one line of at most <paramref name="maxLength"/>
    /// characters (after trimming), which would write; the others it refuses. A <paramref name="multiline"/> field
    /// takes line breaks and tabs as well.
    /// </summary>
    internal static Func<HostileBody, Exclusion?> FreeText(string field, int maxLength, string writes, bool multiline = false) =>
        body => Hostile.Texts.FirstOrDefault(t => body.Name == $"{field} {t.Name}") is { Text: { } text }
            && text.Trim().Length is > 0 && text.Trim().Length <= maxLength
            && !text.Any(c => char.IsSurrogate(c) || (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t')))
                ? new Exclusion($"{field} takes any {(multiline ? "text" : "one-line text")} of up to {maxLength} characters; this one would {writes}", Sent: false)
                : null;

    /// <summary>Content takes any JSON value but null, and the title any one-line text: those bodies would create an artifact.</summary>
    private static Exclusion? ArtifactBody(HostileBody body) =>
        body.Name.StartsWith("content ", StringComparison.Ordinal) && !NoContent.Contains(body.Name)
            ? new Exclusion("content takes any JSON value but null; this one would create an artifact", Sent: false)
            : FreeText("title", 200, "create an artifact")(body);

    /// <summary>
    /// A user id the server decodes to one line of at most <paramref name="maxLength"/> characters is a valid filter;
    /// the answer must be an empty list, as <paramref name="matchesNothing"/> says.
    /// </summary>
    internal static Func<HostileText, Exclusion?> UserFilter(int maxLength, string matchesNothing) => value =>
    {
        var decoded = QueryHelpers.ParseQuery("?a=" + value.Url)["a"].ToString();
        return decoded.Length == 0 ? BadInputRoutes.EmptyIsAbsent(value)
            : decoded.Length <= maxLength && !decoded.Any(char.IsControl)
                ? new Exclusion($"any user id is a valid filter; {matchesNothing}", Body: EmptyList)
                : null;
    };
}
