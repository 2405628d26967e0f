using System.Globalization;
using Engage.Functions.Engagement.Meetings;
using Engage.Functions.Identity;
using Engage.Functions.Llm;
using Engage.Functions.Records;
using Engage.Functions.Tests.Llm;
using Engage.Functions.Tests.Workflows.Customers;
using Engage.Functions.Workflows;
using Engage.Functions.Workflows.Chat;
using Engage.Functions.Workflows.Chat.Replies;
using Engage.Functions.Workflows.Customers;
using Engage.Functions.Workflows.Executions;
using Engage.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Engage.Functions.Tests.Workflows.Chat.Replies;

/// <summary>
/// The real app on the run's Azurite for the replier's tests, with real customers, executions, tasks and artifacts;
/// <see cref="LlmChatApp"/> points it at a loopback <see cref="FakeOpenAiServer"/>, <see cref="LocalChatApp"/> has no LLM.
/// </summary>
public abstract class ChatRepliesApp : WorkflowsApp
{
    public const string StepGoal = "Agree on the renewal terms with the champion before the quote goes out.";

    public ScriptedMeetingSource Meetings { get; } = new();

    public IChatReplier Replier => Service<IChatReplier>();

    public override async Task DisposeAsync()
    {
        Meetings.ReleaseAll();
        await base.DisposeAsync();
    }

    /// <summary>A customer owned by a new user and an execution of it whose current step has <see cref="StepGoal"/>.</summary>
    public async Task<(Customer Customer, WorkflowExecution Execution, RecordAccess Access)> SeedAsync()
    {
        var owner = TestCustomers.NewUser();
        var customer = await Records.CustomerAsync(owner);
        var now = DateTimeOffset.UtcNow;
        var execution = await TestExecutions.SaveAsync(Service<CustomerRecords>(), customer.Id, owner, steps:
        [
            new ExecutionStep(SeededRecords.DoneStep, "review", "Review the account", StepStatus.Completed, false, null, now, EndedAt: now),
            new ExecutionStep(SeededRecords.CurrentStep, "chat", "Prepare the renewal", StepStatus.Active, false, null, now, Goal: StepGoal),
        ]);
        return (customer, execution, Access(owner));
    }

    public RecordAccess Access(string user) => new(Service<CustomerRecords>(), new Caller(user, new HashSet<string>()));

    /// <summary>A turn answering <paramref name="message"/> in a thread of its own unless <paramref name="threadId"/> is given.</summary>
    public ChatTurn Turn(Customer customer, WorkflowExecution execution, RecordAccess access, string message, string? threadId = null, string userMessageId = "msg_00000001") => new(
        threadId ?? "th_test_" + Guid.NewGuid().ToString("N"),
        execution,
        SeededRecords.CurrentStep,
        userMessageId,
        [new ChatTurnMessage("user", message)],
        access,
        Service<DurableTaskClient>(),
        null);

    protected override void ChangeServices(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IMeetingSource>(Meetings));
}

/// <summary>The app with the chat (and the meeting analysis) on a loopback fake OpenAI server, with short stream timeouts and a 1 s break.</summary>
public sealed class LlmChatApp : ChatRepliesApp
{
    public const double StreamIdleSeconds = 0.5;
    public const int FirstTokenSeconds = 2;

    private FakeOpenAiServer? _llm;

    public FakeOpenAiServer Llm => _llm ?? throw new InvalidOperationException("The fake LLM is not started.");

    public override async Task InitializeAsync()
    {
        _llm = await FakeOpenAiServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_llm is not null)
        {
            await _llm.DisposeAsync();
        }
    }

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        (OpenAiSettings.BaseUrlSetting, Llm.BaseUrl.ToString()),
        (OpenAiSettings.ApiKeySetting, FakeOpenAiServer.ApiKey),
        (OpenAiSettings.ModelSetting, FakeOpenAiServer.Model),
        (LlmResilienceOptions.TimeoutSetting, "10"),
        (LlmResilienceOptions.BreakDurationSetting, "1"),
        (ChatReplyOptions.FirstTokenSetting, FirstTokenSeconds.ToString(CultureInfo.InvariantCulture)),
        (ChatReplyOptions.StreamIdleSetting, StreamIdleSeconds.ToString(CultureInfo.InvariantCulture)),
    ];
}

/// <summary>The app with no LLM configured: the local responder answers, without pauses between words.</summary>
public sealed class LocalChatApp : ChatRepliesApp
{
    protected override IEnumerable<(string Key, string Value)> Settings() => [(ChatReplyOptions.LocalTokenDelaySetting, "0")];
}

/// <summary>What a turn streamed: each delta and reset, in order.</summary>
public sealed class RecordingReplyStream : IChatReplyStream
{
    private readonly List<(string Kind, string Text)> _events = [];

    public IReadOnlyList<(string Kind, string Text)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The text a client shows: the deltas after the last reset.</summary>
    public string Shown
    {
        get
        {
            var events = Events.ToList();
            return string.Concat(events.Skip(events.FindLastIndex(e => e.Kind == "reset") + 1).Select(e => e.Text));
        }
    }

    public ValueTask DeltaAsync(string text, CancellationToken cancellationToken) => Add("delta", text);

    public ValueTask ResetAsync(string reason, CancellationToken cancellationToken) => Add("reset", reason);

    private ValueTask Add(string kind, string text)
    {
        lock (_events)
        {
            _events.Add((kind, text));
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The test classes on one <see cref="LlmChatApp"/>, one at a time: the fake's queue of replies, its request counts and
/// the chat's breaker belong to the app, so tests that script them must not overlap.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LlmChatCollection : ICollectionFixture<LlmChatApp>
{
    public const string Name = "chat on the fake LLM";
}
