using System.Net.Http.Json;
using System.Text.Json;
using Engage.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Engage.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class WorkflowsPageTests(ConsoleHost host)
{
    private const string Ask = "Draft an email to the customer about the renewal";

    [Fact]
    public async Task From_the_queue_a_step_chat_streams_an_email_draft_into_the_artifacts_and_completing_the_step_leads_to_the_next()
    {
        await PlanAsync();
        await using var tab = await host.NewPageAsync();
        var page = tab.Page;
        await page.GotoAsync("/api/console/#/workflows");

        // The queue, most urgent first; the first item opens its execution, whose active step's chat opens.
        var first = page.Locator("#queue tbody tr").First.GetByRole(AriaRole.Link);
        await Expect(first).ToBeVisibleAsync();
        var customer = await first.TextContentAsync();
        await ConsoleHost.ScreenshotAsync(page, "workflow-queue");
        await first.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(customer!);
        await Expect(page.Locator(".kv")).ToContainTextAsync("Risk / opportunity");
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the step's chat" }).ClickAsync();
        await Expect(page.Locator("#thread-status")).ToHaveTextAsync("open");

        // Every text the streaming reply shows on its way (the local responder sends a word at a time).
        await page.EvaluateAsync(
            """
            () => {
              window.partials = [];
              new MutationObserver(() => {
                const reply = document.querySelector('#chat-messages li.streaming');
                if (reply) window.partials.push(reply.textContent);
              }).observe(document.getElementById('chat-messages'), { subtree: true, childList: true, characterData: true });
            }
            """);
        await page.GetByLabel("Message (Ctrl+Enter sends)").FillAsync(Ask);
        await page.GetByLabel("Message (Ctrl+Enter sends)").PressAsync("Control+Enter");

        var tool = page.Locator("#chat-messages li.tool");
        await Expect(tool).ToContainTextAsync("Drafted email → artifact");
        await Expect(page.Locator("#chat-messages li.streaming")).ToHaveCountAsync(0);
        var reply = page.Locator("#chat-messages li.ai").Last;
        await Expect(reply).ToContainTextAsync("I drafted the email");
        var final = await reply.EvaluateAsync<string>("li => { const copy = li.cloneNode(true); copy.querySelector('.source')?.remove(); return copy.textContent; }");
        var partials = await page.EvaluateAsync<string[]>("() => window.partials");
        Assert.Contains(partials, p => p.Length > "assistant: ".Length && p.Length < final.Length && final.StartsWith(p, StringComparison.Ordinal));

        // The draft is among the artifacts; the tool line links to it and opens it. The top of the page then is
        // docs/console.png.
        var artifact = page.Locator("#artifacts li[data-type=email_draft]");
        await Expect(artifact).ToHaveCountAsync(1);
        await tool.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(artifact).ToBeFocusedAsync();
        await Expect(artifact.Locator("pre")).ToContainTextAsync("renewal");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await ConsoleHost.ScreenshotAsync(page, "workflow-chat");

        // Completing the step follows the answer's `next`: the execution's next step, or the next execution in the queue.
        var completed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Complete step" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/complete", StringComparison.Ordinal));
        Assert.Equal(200, completed.Status);
        var next = (await completed.JsonAsync())!.Value.GetProperty("next");
        var nextExecution = next.GetProperty("workflowExecutionId").GetString();
        var expected = next.GetProperty("kind").GetString() == "step"
            ? $"#/workflows/{nextExecution}?step={next.GetProperty("stepId").GetString()}"
            : $"#/workflows/{nextExecution}";
        await page.WaitForURLAsync(url => url.EndsWith(expected, StringComparison.Ordinal));
        await Expect(page.Locator(".steps li[aria-current=step] .badge")).ToHaveTextAsync("active");
        await ConsoleHost.ScreenshotAsync(page, "workflow-next");

        // The chat and the queue stay within a phone's width.
        await page.SetViewportSizeAsync(390, 844);
        await ConsoleHost.ScreenshotAsync(page, "workflow-phone");
        await tab.AssertFitsAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "← Queue" }).ClickAsync();
        await Expect(page.Locator("#queue tbody tr").First).ToBeVisibleAsync();
        await tab.AssertFitsAsync();
        tab.AssertNoErrors();
    }

    /// <summary>Waits for the demo customers the host seeds at start, then runs the planner, which fills the queue.</summary>
    private async Task PlanAsync()
    {
        await Eventually.GetAsync(
            () => host.Http.GetFromJsonAsync<JsonElement>("/api/customers?limit=50"),
            customers => customers.GetProperty("items").GetArrayLength() >= 10,
            TimeSpan.FromMinutes(1),
            "seeded the demo customers");

        using var run = await host.Http.PostAsync("/api/workflows/planner/run", content: null);
        run.EnsureSuccessStatusCode();
    }
}
