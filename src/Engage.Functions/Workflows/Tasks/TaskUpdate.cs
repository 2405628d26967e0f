using System.Text.Json.Nodes;
using Engage.Functions.Http;

namespace Engage.Functions.Workflows.Tasks;

/// <summary>
/// A PATCH of a task, in one of its two forms (docs/workflow-tasks-artifacts.md): a JSON merge patch of its fields
/// (title, description, priority, dueAt, assignee; null clears an optional one), or an action
/// <c>{action: complete|reopen|reassign|snooze, assignee?, until?, reason?}</c> that moves it through its life.
/// </summary>
public sealed class TaskUpdate
{
    public const string Complete = "complete";
    public const string Reopen = "reopen";
    public const string Reassign = "reassign";
    public const string Snooze = "snooze";
    public const int MaxReasonLength = 500;

    public static readonly IReadOnlyList<string> Actions = [Complete, Reopen, Reassign, Snooze];

    private static readonly string[] EditableFields = ["title", "description", "priority", "dueAt", "assignee"];
    private static readonly string[] ActionFields = ["action", "assignee", "until", "reason"];

    private readonly IReadOnlyList<Action<TaskRecord>> _edits;

    private TaskUpdate(string? action, string? assignee, DateTimeOffset? until, string? reason, IReadOnlyList<Action<TaskRecord>> edits)
    {
        Action = action;
        Assignee = assignee;
        Until = until;
        Reason = reason;
        _edits = edits;
    }

    /// <summary>The action, or null for a patch of fields.</summary>
    public string? Action { get; }

    public string? Assignee { get; }

    public DateTimeOffset? Until { get; }

    public string? Reason { get; }

    /// <summary>The update, or null with the refusals recorded in <paramref name="fields"/>.</summary>
    public static TaskUpdate? Read(JsonFields fields, DateTimeOffset now)
    {
        if (fields.Has("action"))
        {
            fields.OnlyKnown(ActionFields);
            var action = fields.OneOf("action", Actions, required: true);
            var assignee = WorkflowFields.UserId(fields, "assignee");
            var until = fields.Time("until");
            if (action == Reassign && assignee is null)
            {
                fields.Refuse("assignee", "is required to reassign: the user id the task goes to.");
            }

            if (action == Snooze && until is null && fields.IsValid)
            {
                fields.Refuse("until", "is required to snooze: when the task comes back, such as 2026-05-01T09:00:00Z.");
            }
            else if (action == Snooze && until <= now)
            {
                fields.Refuse("until", $"must be in the future (it is now {now:O}).");
            }

            if (action is not (Reassign or null) && fields.Has("assignee"))
            {
                fields.Refuse("assignee", "is taken only by the reassign action.");
            }

            if (action is not (Snooze or null) && fields.Has("until"))
            {
                fields.Refuse("until", "is taken only by the snooze action.");
            }

            var reason = fields.Text("reason", MaxReasonLength);
            return fields.IsValid ? new TaskUpdate(action, assignee, until, reason, []) : null;
        }

        fields.OnlyKnown(EditableFields);
        var edits = new List<Action<TaskRecord>>();
        if (fields.Has("title"))
        {
            var title = fields.Text("title", TaskDraft.MaxTitleLength, required: true);
            edits.Add(t => t.Title = title!);
        }

        if (fields.Has("description"))
        {
            var description = fields.Text("description", TaskDraft.MaxDescriptionLength, multiline: true);
            edits.Add(t => t.Description = description);
        }

        if (fields.Has("priority"))
        {
            var priority = fields.OneOf("priority", TaskPriorities.All, required: true);
            edits.Add(t => t.Priority = priority!);
        }

        if (fields.Has("dueAt"))
        {
            var dueAt = fields.Time("dueAt");
            edits.Add(t => t.DueAt = dueAt);
        }

        if (fields.Has("assignee"))
        {
            var assignee = WorkflowFields.UserId(fields, "assignee");
            if (assignee is null && fields.IsValid)
            {
                fields.Refuse("assignee", "cannot be cleared: a task is always someone's.");
            }

            edits.Add(t => t.Assignee = assignee!);
        }

        return fields.IsValid ? new TaskUpdate(null, null, null, null, edits) : null;
    }

    /// <summary>
    /// The task after this update, and the type of its event; or false with why it cannot apply (a 409), or with an
    /// empty <paramref name="eventType"/> when it changes nothing.
    /// </summary>
    public bool TryApply(TaskRecord before, string actor, DateTimeOffset now, out TaskRecord after, out string eventType, out string conflict)
    {
        after = before.Copy();
        eventType = string.Empty;
        conflict = string.Empty;
        var status = before.StatusAt(now);
        switch (Action)
        {
            case Complete when status == TaskStatuses.Completed:
                conflict = $"Task {before.Id} is already completed; reopen it first to complete it again.";
                return false;
            case Complete:
                (after.Status, after.CompletedAt, after.CompletedBy, after.SnoozedUntil, eventType) = (TaskStatuses.Completed, now, actor, null, "task_completed");
                break;
            case Reopen when status == TaskStatuses.Open:
                conflict = $"Task {before.Id} is already open.";
                return false;
            case Reopen:
                (after.Status, after.CompletedAt, after.CompletedBy, after.SnoozedUntil, eventType) = (TaskStatuses.Open, null, null, null, "task_reopened");
                break;
            case Reassign when before.Assignee == Assignee:
                conflict = $"Task {before.Id} is already assigned to {Assignee}.";
                return false;
            case Reassign:
                (after.Assignee, eventType) = (Assignee!, "task_reassigned");
                break;
            case Snooze when status == TaskStatuses.Completed:
                conflict = $"Task {before.Id} is completed; reopen it before snoozing it.";
                return false;
            case Snooze:
                (after.Status, after.SnoozedUntil, eventType) = (TaskStatuses.Snoozed, Until, "task_snoozed");
                break;
            default:
                foreach (var edit in _edits)
                {
                    edit(after);
                }

                if (JsonNode.DeepEquals(before.ToJson(), after.ToJson()))
                {
                    return false;
                }

                eventType = "task_updated";
                break;
        }

        after.UpdatedAt = now;
        return true;
    }
}
