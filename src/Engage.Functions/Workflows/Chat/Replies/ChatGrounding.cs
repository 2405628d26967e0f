using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Engage.Functions.Accounts;
using Engage.Functions.Records;
using Engage.Functions.Workflows.Artifacts;
using Engage.Functions.Workflows.Context;
using Engage.Functions.Workflows.Tasks;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>An open task of the execution, as the grounding names it.</summary>
public sealed record GroundedTask(string Id, string Title, string Priority, DateTimeOffset? DueAt);

/// <summary>An artifact of the execution, as the grounding names it.</summary>
public sealed record GroundedArtifact(string Id, string Type, string Title);

/// <summary>The latest engagement summary's facts and where they come from: the run, and the meetings it was made from.</summary>
public sealed record GroundedEngagement(
    string RunId,
    int MeetingsCount,
    DateTimeOffset? FirstMeetingAt,
    DateTimeOffset? LastMeetingAt,
    IReadOnlyList<long> MeetingIds,
    IReadOnlyList<string> Goals,
    IReadOnlyList<string> Risks,
    IReadOnlyList<AccountContact> People);

/// <summary>
/// What the assistant knows of a turn (docs/workflow-chat-grounding.md): the customer context as the context route
/// serves it, the latest engagement summary with its provenance, the step and its goal, the execution's open tasks
/// and its artifacts. <see cref="SystemPrompt"/> renders it the same way for the same facts.
/// </summary>
public sealed record ChatGroundingFacts(
    string CustomerId,
    string CustomerName,
    string WorkflowExecutionId,
    string WorkflowName,
    string StepId,
    string? StepName,
    string? StepGoal,
    JsonObject Context,
    GroundedEngagement? Engagement,
    IReadOnlyList<GroundedTask> OpenTasks,
    IReadOnlyList<GroundedArtifact> Artifacts,
    DateOnly Today)
{
    /// <summary>Caps on each list, so that the prompt stays small whatever the records hold.</summary>
    public const int MaxItems = 5;

    public string? AccountPlan => Text(Context["workflow"]?["accountPlan"]);

    public string? RenewalStage => Text(Context["workflow"]?["renewalStage"]);

    public int? DaysUntilRenewal => Context["workflow"]?["daysUntilRenewal"]?.GetValue<int>();

    public string? RenewalDate => Text(Context["customer"]?["renewalDate"]);

    public string? ArrTrend => Text(Context["data"]?["financials"]?["trend"]);

    public string SystemPrompt()
    {
        var prompt = new StringBuilder();
        prompt.AppendLine("You are the customer-success assistant of a CSM working one step of a workflow. Answer briefly and concretely, from the facts below only; say when a fact is unknown.");
        prompt.AppendLine("Use the tools to act: create_task, draft_email (saved as an email_draft artifact for the CSM to review), execute_saved_action (snooze, escalate, schedule) and read_context. Never say you did something without calling its tool.");
        prompt.AppendLine(Invariant($"Today: {Today:yyyy-MM-dd}."));
        var customer = Context["customer"];
        var financials = Context["data"]?["financials"];
        prompt.AppendLine(Invariant(
            $"Customer: {CustomerName} ({Text(customer?["domain"]) ?? "no domain"}), id {CustomerId}; account plan {AccountPlan ?? "unknown"}; renewal stage {RenewalStage ?? "unknown"}; renewal date {RenewalDate ?? "unknown"}{(DaysUntilRenewal is { } days ? $" ({days} days away)" : string.Empty)}; ARR {Number(financials?["currentARR"])} (previous {Number(financials?["previousARR"])}, trend {ArrTrend ?? "unknown"}); health score {Number(customer?["healthScore"])}."));
        prompt.AppendLine($"Workflow: {WorkflowName}, execution {WorkflowExecutionId}. Current step: {StepId}{(StepName is null ? string.Empty : $" \"{StepName}\"")}; goal: {StepGoal ?? "not stated"}.");
        if (Engagement is { } engagement)
        {
            prompt.AppendLine(Invariant(
                $"Latest engagement summary (run {engagement.RunId}) from {engagement.MeetingsCount} meetings, {Date(engagement.FirstMeetingAt)} to {Date(engagement.LastMeetingAt)}, meeting ids {(engagement.MeetingIds.Count == 0 ? "none" : string.Join(", ", engagement.MeetingIds.TakeLast(10)))}:"));
            AppendList(prompt, "Goals", engagement.Goals);
            AppendList(prompt, "Risks", engagement.Risks);
            AppendList(prompt, "People", [.. engagement.People.Take(MaxItems).Select(p => Invariant($"{p.Name} <{p.Email}>, last in a meeting {p.LastSeen:yyyy-MM-dd}"))]);
        }
        else
        {
            prompt.AppendLine("Latest engagement summary: none yet.");
        }

        AppendList(prompt, "Open tasks", [.. OpenTasks.Select(t => Invariant($"{t.Title} ({t.Id}, {t.Priority}{(t.DueAt is { } due ? $", due {due:yyyy-MM-dd}" : string.Empty)})"))]);
        AppendList(prompt, "Artifacts", [.. Artifacts.Select(a => $"{a.Type} \"{a.Title}\" ({a.Id})")]);
        return prompt.ToString();
    }

    private static void AppendList(StringBuilder prompt, string title, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            prompt.AppendLine($"{title}: none.");
            return;
        }

        prompt.AppendLine($"{title}:");
        foreach (var item in items.Take(MaxItems))
        {
            prompt.Append("- ").AppendLine(item);
        }
    }

    private static string Date(DateTimeOffset? at) => at is { } value ? value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "unknown";

    private static string Number(JsonNode? value) => value is null ? "unknown" : value.ToJsonString();

    private static string? Text(JsonNode? value) => value?.GetValue<string>();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Reads the <see cref="ChatGroundingFacts"/> of a turn from stored data only.</summary>
public sealed class ChatGrounding(CustomerRecords records, CustomerContextReader contextReader, TimeProvider timeProvider)
{
    /// <exception cref="InvalidOperationException">The turn's customer is gone: the thread checked it before the turn.</exception>
    public async Task<ChatGroundingFacts> ReadAsync(ChatTurn turn, CancellationToken cancellationToken)
    {
        var customer = await turn.Access.CustomerAsync(turn.CustomerId, cancellationToken)
            ?? throw new InvalidOperationException($"Customer {turn.CustomerId} of thread {turn.ThreadId} is gone.");
        var execution = turn.Execution;
        var now = timeProvider.GetUtcNow();
        var (context, summary) = await contextReader.ReadWithSummaryAsync(customer, execution.EscalatedAt is not null, cancellationToken);
        var ofExecution = TableClient.CreateQueryFilter($"WorkflowExecutionId eq {execution.Id}");

        var tasks = new List<GroundedTask>();
        await foreach (var task in records.ListAsync<TaskRecord>(turn.CustomerId, TaskRecord.Kind, ofExecution, cancellationToken))
        {
            if (task.StatusAt(now) != TaskStatuses.Completed)
            {
                tasks.Add(new GroundedTask(task.Id, task.Title, task.Priority, task.DueAt));
            }
        }

        var artifacts = new List<GroundedArtifact>();
        await foreach (var artifact in records.ListAsync<ArtifactRecord>(turn.CustomerId, ArtifactRecord.Kind, ofExecution, cancellationToken))
        {
            artifacts.Add(new GroundedArtifact(artifact.Id, artifact.Type, artifact.Title));
        }

        var step = execution.GetSteps().FirstOrDefault(s => s.Id == turn.StepId);
        return new ChatGroundingFacts(
            customer.Id,
            customer.Name,
            execution.Id,
            execution.WorkflowName,
            turn.StepId,
            step?.Name,
            step?.Goal,
            context,
            summary is null ? null : new GroundedEngagement(
                summary.RunId, summary.MeetingsCount, summary.FirstMeetingAt, summary.LastMeetingAt, summary.MeetingIds ?? [], summary.Goals, summary.Risks, summary.People),
            // Newest last in storage order; the newest are the ones worth naming.
            [.. tasks.TakeLast(ChatGroundingFacts.MaxItems)],
            [.. artifacts.TakeLast(ChatGroundingFacts.MaxItems)],
            DateOnly.FromDateTime(now.UtcDateTime));
    }
}
