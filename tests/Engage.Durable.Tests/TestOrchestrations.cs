using System.Collections.Concurrent;
using Engage.Durable.Orchestration;

namespace Engage.Durable.Tests;

/// <summary>The orchestrators and activities the engine tests run, registered on every test hub.</summary>
public sealed class TestOrchestrations
{
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    /// <summary>Lets a test swap orchestrator code between episodes, to provoke non-determinism.</summary>
    public string NextActivity { get; set; } = "Hello";

    public void Register(DurableTaskRegistry registry) => registry
        .AddActivityFunc<string, string>("Hello", (_, name) => $"Hello {name}!")
        .AddActivityFunc<string, string>("Other", (_, name) => $"Other {name}")
        .AddActivityFunc<int, int>("Square", (_, n) => n * n)
        .AddActivityFunc<string, string>("Fail", (_, message) => Task.FromException<string>(new InvalidOperationException(message)))
        .AddActivityFunc<int, string>("Big", (_, size) => new string('x', size))
        .AddActivityFunc<string, int>("Length", (_, text) => text.Length)
        .AddActivityFunc<string, int>("Flaky", (_, key) =>
        {
            var attempt = Attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
            return attempt < 3 ? throw new TimeoutException($"attempt {attempt} timed out") : attempt;
        })
        .AddOrchestratorFunc<string[], List<string>>("Sequence", async (context, names) =>
        {
            var results = new List<string>();
            foreach (var name in names)
            {
                results.Add(await context.CallActivityAsync<string>("Hello", name));
            }

            return results;
        })
        .AddOrchestratorFunc<int, long>("FanOut", async (context, count) =>
        {
            var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<int>("Square", i)));
            return squares.Sum(s => (long)s);
        })
        .AddOrchestratorFunc<string, int>("Retry", (context, key) =>
            context.CallActivityAsync<int>("Flaky", key, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(500), backoffCoefficient: 2))))
        .AddOrchestratorFunc<int, string>("RetryExhausted", (context, _) =>
            context.CallActivityAsync<string>("Fail", "always", TaskOptions.FromRetryPolicy(new RetryPolicy(2, TimeSpan.FromMilliseconds(200)))))
        .AddOrchestratorFunc<int, DateTime[]>("Timer", async (context, seconds) =>
        {
            var before = context.CurrentUtcDateTime;
            await context.CreateTimer(TimeSpan.FromSeconds(seconds), CancellationToken.None);
            return [before, context.CurrentUtcDateTime];
        })
        .AddOrchestratorFunc<int, string>("Approval", async (context, timeoutSeconds) =>
        {
            context.SetCustomStatus(new { stage = "waiting" });
            try
            {
                var answer = await context.WaitForExternalEvent<string>("Approved", TimeSpan.FromSeconds(timeoutSeconds));
                context.SetCustomStatus(new { stage = "approved" });
                return $"approved by {answer}";
            }
            catch (TaskCanceledException)
            {
                return "timed out";
            }
        })
        .AddOrchestratorFunc<int, int>("WaitForever", async (context, _) => await context.WaitForExternalEvent<int>("Never"))
        .AddOrchestratorFunc<int, int>("BigPayload", async (context, size) =>
        {
            var text = await context.CallActivityAsync<string>("Big", size);
            return await context.CallActivityAsync<int>("Length", text);
        })
        .AddOrchestratorFunc<int, string>("BigOutput", (context, size) => context.CallActivityAsync<string>("Big", size))
        .AddOrchestratorFunc<string, string>("FailingActivity", (context, message) => context.CallActivityAsync<string>("Fail", message))
        .AddOrchestratorFunc<string, string>("Drifting", async (context, name) =>
        {
            var first = await context.CallActivityAsync<string>(NextActivity, name);
            await context.WaitForExternalEvent<int>("Go");
            return first;
        })
        .AddOrchestratorFunc<string[], string[]>("Parent", async (context, names) =>
        {
            var children = names.Select(n => context.CallSubOrchestratorAsync<List<string>>("Sequence", new[] { n }));
            var results = await Task.WhenAll(children);
            return results.SelectMany(r => r).ToArray();
        })
        .AddOrchestratorFunc<string, string>("FailingParent", async (context, message) =>
        {
            try
            {
                return await context.CallSubOrchestratorAsync<string>("FailingActivity", message);
            }
            catch (TaskFailedException e)
            {
                return "caught: " + e.FailureDetails.ErrorMessage;
            }
        })
        .AddOrchestratorFunc<int[], int>("Counter", async (context, state) =>
        {
            var (count, limit) = (state[0], state[1]);
            if (count >= limit)
            {
                return count;
            }

            await context.CallActivityAsync<int>("Square", count);
            context.ContinueAsNew(new[] { count + 1, limit });
            return -1;
        })
        .AddOrchestratorFunc<int, Guid[]>("Guids", async (context, _) =>
        {
            var first = context.NewGuid();
            await context.CallActivityAsync<string>("Hello", "x");
            return [first, context.NewGuid()];
        });
}
