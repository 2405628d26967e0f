using Engage.Functions.Records;
using Engage.Functions.Workflows.Definitions;
using Engage.Functions.Workflows.Executions;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Workflows.Executions;

/// <summary>The writes behind an execution, run again as retries and replays run them.</summary>
public sealed class ExecutionWriteTests(WorkflowsAppFixture app) : IClassFixture<WorkflowsAppFixture>
{
    [Fact]
    public async Task A_start_run_again_for_the_same_id_keeps_the_row_and_the_one_orchestration()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var definition = (await app.Services.GetRequiredService<WorkflowDefinitions>().FindAsync(SeedWorkflows.Qbr, null, CancellationToken.None))!;
        var starter = app.Services.GetRequiredService<ExecutionStarter>();
        var id = RecordId.NewChild(RecordId.Execution, customer.Id, DateTimeOffset.UtcNow);

        var first = await starter.StartAsync(app.Durable, customer, definition, id, ExecutionState.ManualTrigger, "ana", mayExist: false, CancellationToken.None);
        var again = await starter.StartAsync(app.Durable, customer, definition, id, ExecutionState.ManualTrigger, "ana", mayExist: true, CancellationToken.None);

        Assert.Equal(1, again.Version);
        Assert.Equal(first.StartedAt, again.StartedAt);
        Assert.Single(await EventsAsync(customer.Id, id));
        Assert.NotNull(await app.Durable.GetInstanceAsync(id));
    }

    [Fact]
    public async Task A_change_written_again_by_a_retried_activity_is_stored_once()
    {
        var (row, activities) = await StartedAsync();
        var turn = ExecutionTransitions.Apply(ExecutionState.From(row), new ExecutionCommand(ExecutionCommandKind.Escalate, Guid.NewGuid().ToString(), "ana", "At risk."), DateTimeOffset.UtcNow)!;

        Assert.True(await activities.RecordAsync(turn, CancellationToken.None));
        Assert.True(await activities.RecordAsync(turn, CancellationToken.None));

        var stored = await FindAsync(row);
        Assert.Equal(2, stored!.Version);
        Assert.NotNull(stored.EscalatedAt);
        Assert.Equal(["execution_started", "execution_escalated"], (await EventsAsync(row.PartitionKey, row.Id)).Select(e => e.Type));
    }

    [Fact]
    public async Task A_change_from_an_orchestration_behind_the_read_model_is_refused_and_one_whose_row_is_gone_says_so()
    {
        var (row, activities) = await StartedAsync();
        var state = ExecutionState.From(row);
        var ahead = ExecutionTransitions.Apply(state, new ExecutionCommand(ExecutionCommandKind.Escalate, Guid.NewGuid().ToString(), "ana", "At risk."), DateTimeOffset.UtcNow)!;
        await activities.RecordAsync(ahead, CancellationToken.None);
        var skipped = ExecutionTransitions.Apply(ahead.After with { Version = 5 }, new ExecutionCommand(ExecutionCommandKind.Cancel, Guid.NewGuid().ToString(), "ana", "Gone."), DateTimeOffset.UtcNow)!;
        var gone = ahead with { After = ahead.After with { Id = RecordId.NewChild(RecordId.Execution, row.PartitionKey, DateTimeOffset.UtcNow) } };

        await Assert.ThrowsAsync<InvalidOperationException>(() => activities.RecordAsync(skipped, CancellationToken.None));
        Assert.False(await activities.RecordAsync(gone, CancellationToken.None));
        Assert.Equal(2, (await FindAsync(row))!.Version);
    }

    /// <summary>A read-model row as a start writes it, without its orchestration, and the activity that writes its changes.</summary>
    private async Task<(WorkflowExecution Row, ExecutionActivities Activities)> StartedAsync()
    {
        var customer = await TestCustomers.CreateAsync(app.App, TestCustomers.NewUser());
        var definition = (await app.Services.GetRequiredService<WorkflowDefinitions>().FindAsync(SeedWorkflows.RiskReview, null, CancellationToken.None))!;
        var row = ExecutionState.Start(RecordId.NewChild(RecordId.Execution, customer.Id, DateTimeOffset.UtcNow), customer, definition, ExecutionState.ManualTrigger, DateTimeOffset.UtcNow).ToRecord();
        await app.Services.GetRequiredService<CustomerRecords>().SaveAsync(null, row, new RecordChange("execution_started", "A test.", "ana", row.StartedAt), CancellationToken.None);
        return (row, ActivatorUtilities.CreateInstance<ExecutionActivities>(app.Services));
    }

    private Task<WorkflowExecution?> FindAsync(WorkflowExecution row) =>
        app.Services.GetRequiredService<CustomerRecords>().FindAsync<WorkflowExecution>(row.PartitionKey, row.RowKey, CancellationToken.None);

    private async Task<List<RecordEvent>> EventsAsync(string customerId, string executionId)
    {
        var events = new List<RecordEvent>();
        await foreach (var recorded in app.Services.GetRequiredService<CustomerRecords>().EventsAsync(customerId, executionId, CancellationToken.None))
        {
            events.Add(recorded);
        }

        return events;
    }
}
