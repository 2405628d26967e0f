using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Engage.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Workflows;

/// <summary>
/// One app for a test class (or collection), on the run's Azurite: starting the local host and its task hub takes
/// seconds, and the tests keep apart by making their own customers and users. A fixture adds its settings and services.
/// </summary>
public abstract class WorkflowsApp : IAsyncLifetime
{
    private WorkflowsAppFactory? _app;

    public WorkflowsAppFactory App => _app ?? throw new InvalidOperationException("The app is not started.");

    public IServiceProvider Services => App.Services;

    public DurableTaskClient Durable => Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Customers and execution rows for the routes that hang off them, and their events.</summary>
    public SeededRecords Records => new(App);

    /// <summary>The development admin (no user header).</summary>
    public WorkflowsClient Admin => new(App.CreateClient());

    public WorkflowsClient As(string user, params string[] roles) => new(App.CreateClient(), user, roles);

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public virtual async Task InitializeAsync()
    {
        _app = new WorkflowsAppFactory(await AzuriteServer.SharedAsync(), [.. Settings()]) { ServiceChanges = ChangeServices };
        App.CreateClient().Dispose();
    }

    public virtual async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A new user with a customer and an execution of it (a seeded row: its second step, <see cref="SeededRecords.CurrentStep"/>, active).</summary>
    public async Task<(WorkflowsClient Client, Customer Customer, WorkflowExecution Execution)> OwnerAsync()
    {
        var user = TestCustomers.NewUser();
        var customer = await Records.CustomerAsync(user);
        var execution = await Records.ExecutionAsync(customer);
        return (As(user), customer, execution);
    }

    /// <summary>The settings this app adds to the pinned ones.</summary>
    protected virtual IEnumerable<(string Key, string Value)> Settings() => [];

    /// <summary>The services this app swaps, after the app's own registrations.</summary>
    protected virtual void ChangeServices(IServiceCollection services)
    {
    }
}
