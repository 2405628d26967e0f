using System.Text.Json.Nodes;
using Engage.Functions.Http;
using Engage.Functions.Workflows.Tasks;

namespace Engage.Functions.Tests.Workflows.Tasks;

/// <summary>The rules of a task's life as pure decisions: which change each update makes, and which it refuses.</summary>
public sealed class TaskUpdateTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_snooze_ending_exactly_now_reads_open_and_one_a_tick_later_still_snoozed()
    {
        Assert.Equal(TaskStatuses.Open, Snoozed(Now).StatusAt(Now));
        Assert.Equal(TaskStatuses.Snoozed, Snoozed(Now.AddTicks(1)).StatusAt(Now));
    }

    [Fact]
    public void Reopening_a_task_whose_snooze_has_ended_is_refused_as_it_is_open_already()
    {
        var update = Read("""{"action": "reopen"}""");

        Assert.False(update.TryApply(Snoozed(Now.AddMinutes(-1)), "csm", Now, out _, out var eventType, out var conflict));
        Assert.Empty(eventType);
        Assert.Contains("already open", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void Reopening_a_snoozed_task_ends_its_snooze()
    {
        Assert.True(Read("""{"action": "reopen"}""").TryApply(Snoozed(Now.AddHours(1)), "csm", Now, out var after, out var eventType, out _));

        Assert.Equal(("task_reopened", TaskStatuses.Open, (DateTimeOffset?)null), (eventType, after.Status, after.SnoozedUntil));
    }

    [Fact]
    public void Completing_records_who_and_when_and_ends_a_snooze()
    {
        Assert.True(Read("""{"action": "complete"}""").TryApply(Snoozed(Now.AddHours(1)), "csm@example.com", Now, out var after, out var eventType, out _));

        Assert.Equal("task_completed", eventType);
        Assert.Equal((TaskStatuses.Completed, Now, "csm@example.com", (DateTimeOffset?)null), (after.Status, after.CompletedAt!.Value, after.CompletedBy, after.SnoozedUntil));
        Assert.Equal(Now, after.UpdatedAt);
    }

    [Fact]
    public void A_completed_task_cannot_be_snoozed()
    {
        var completed = Task();
        completed.Status = TaskStatuses.Completed;

        Assert.False(Read("""{"action": "snooze", "until": "2026-03-03T09:00:00Z"}""").TryApply(completed, "csm", Now, out _, out _, out var conflict));
        Assert.Contains("reopen it", conflict, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-02T09:00:00Z", false)]
    [InlineData("2026-03-02T09:00:01Z", true)]
    public void A_snooze_must_end_after_now(string until, bool valid)
    {
        var fields = Fields($$"""{"action": "snooze", "until": "{{until}}"}""");

        Assert.Equal(valid, TaskUpdate.Read(fields, Now) is not null);
        Assert.Equal(valid, fields.IsValid);
    }

    [Fact]
    public void Reassigning_lowers_the_user_id_so_the_same_user_in_other_case_is_no_change()
    {
        var task = Task();
        task.Assignee = "csm@example.com";

        Assert.False(Read("""{"action": "reassign", "assignee": "CSM@Example.com"}""").TryApply(task, "csm", Now, out _, out _, out var conflict));
        Assert.Contains("already assigned", conflict, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_patch_that_changes_nothing_has_no_event_and_no_conflict()
    {
        Assert.False(Read("""{"title": "Call"}""").TryApply(Task(), "csm", Now, out _, out var eventType, out var conflict));
        Assert.Equal((string.Empty, string.Empty), (eventType, conflict));
    }

    [Fact]
    public void A_field_patch_leaves_out_what_it_does_not_name_and_clears_what_it_sets_to_null()
    {
        var task = Task();
        task.Description = "Before";
        task.DueAt = Now;

        Assert.True(Read("""{"description": null, "priority": "low"}""").TryApply(task, "csm", Now, out var after, out var eventType, out _));

        Assert.Equal(("task_updated", (string?)null, TaskPriorities.Low, (DateTimeOffset?)Now), (eventType, after.Description, after.Priority, after.DueAt));
        Assert.Equal("Before", task.Description);
    }

    private static TaskUpdate Read(string json) => TaskUpdate.Read(Fields(json), Now) ?? throw new InvalidOperationException(json);

    private static JsonFields Fields(string json) => new(JsonNode.Parse(json)!.AsObject());

    private static TaskRecord Task() => new()
    {
        PartitionKey = "cu_0123456789abcdef",
        RowKey = TaskRecord.RowKeyFor("tk_0123456789abcdef_0123456789abcdef0123456789abcdef"),
        Title = "Call",
        Assignee = "csm",
        Version = 1,
    };

    private static TaskRecord Snoozed(DateTimeOffset until)
    {
        var task = Task();
        task.Status = TaskStatuses.Snoozed;
        task.SnoozedUntil = until;
        return task;
    }
}
