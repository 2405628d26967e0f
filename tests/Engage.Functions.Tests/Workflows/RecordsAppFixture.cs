using Engage.Testing;

namespace Engage.Functions.Tests.Workflows;

/// <summary>
/// One app for a test class of the tasks, artifacts, actions and preferences routes, on the run's Azurite: starting
/// the local host takes seconds, and the tests keep apart by making their own customers and users.
/// </summary>
public sealed class RecordsAppFixture : IAsyncLifetime
{
    private WorkflowsAppFactory? _app;

    public WorkflowsAppFactory App => _app ?? throw new InvalidOperationException("The fixture is not initialised.");

    public SeededRecords Records => new(App);

    /// <summary>The development admin (no user header).</summary>
    public WorkflowsClient Admin => new(App.CreateClient());

    public WorkflowsClient As(string user, params string[] roles) => new(App.CreateClient(), user, roles);

    public async Task InitializeAsync()
    {
        _app = new WorkflowsAppFactory(await AzuriteServer.SharedAsync());
        App.CreateClient().Dispose();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
