using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Engage.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class OrchestrationsPageTests(ConsoleHost host)
{
    [Fact]
    public async Task A_failed_instance_is_found_by_the_status_filter_and_its_history_shows_the_failed_activity()
    {
        var domain = ScriptedMeetingSource.NewDomain();
        host.Meetings.Fail(domain, "Fathom is down");
        var id = await StartRunAsync(domain);
        await WaitForAsync(id, OrchestrationRuntimeStatus.Failed);

        await using var tab = await host.NewPageAsync();
        var page = tab.Page;
        await page.GotoAsync("/api/console/#/orchestrations");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Failed" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page.Locator("#instances tbody tr").First).ToBeVisibleAsync();
        var statuses = await page.Locator("#instances tbody tr td:nth-child(3)").AllTextContentsAsync();
        Assert.All(statuses, s => Assert.Equal("Failed", s));

        await page.GetByRole(AriaRole.Link, new() { Name = id, Exact = true }).ClickAsync();
        await Expect(page.Locator("#instance-status")).ToHaveTextAsync("Failed");
        var failed = page.Locator("table tbody tr").Filter(new() { HasText = "TaskFailed" });
        await Expect(failed).ToHaveCountAsync(1);
        await Expect(failed).ToContainTextAsync("CollectMeetings");
        await Expect(failed).ToContainTextAsync("Fathom is down");
        await Expect(page.Locator("#gantt rect.bar-bad")).ToHaveCountAsync(1);
        await ConsoleHost.ScreenshotAsync(page, "orchestration-failed");
        tab.AssertNoErrors();
    }

    [Fact]
    public async Task Terminate_from_the_page_asks_first_then_ends_the_running_instance()
    {
        var domain = ScriptedMeetingSource.NewDomain();
        var gate = host.Meetings.Block(domain);
        try
        {
            var id = await StartRunAsync(domain);
            await WaitForAsync(id, OrchestrationRuntimeStatus.Running);

            await using var tab = await host.NewPageAsync();
            var page = tab.Page;
            await page.GotoAsync($"/api/console/#/orchestrations/{id}");
            await Expect(page.Locator("#instance-status")).ToHaveTextAsync("Running");
            await page.GetByRole(AriaRole.Button, new() { Name = "Terminate" }).ClickAsync();

            // Nothing happens until the dialog is confirmed.
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Terminate this instance?" });
            await Expect(dialog).ToBeVisibleAsync();
            Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Durable.GetInstanceAsync(id))!.RuntimeStatus);
            await dialog.GetByLabel("Reason").FillAsync("stopped from the console test");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Terminate" }).ClickAsync();

            await Expect(page.Locator("#instance-status")).ToHaveTextAsync("Terminated", new() { Timeout = 30_000 });
            var instance = await host.Durable.GetInstanceAsync(id, getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Terminated, instance!.RuntimeStatus);
            Assert.Equal("\"stopped from the console test\"", instance.SerializedOutput);
            await ConsoleHost.ScreenshotAsync(page, "orchestration-terminated");
            tab.AssertNoErrors();
        }
        finally
        {
            gate.TrySetResult();
        }
    }

    private async Task<string> StartRunAsync(string domain)
    {
        using var response = await host.Http.PostAsJsonAsync("/api/engagement-summary", new { domain });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private Task WaitForAsync(string id, OrchestrationRuntimeStatus status) =>
        Eventually.GetAsync(() => host.Durable.GetInstanceAsync(id), i => i?.RuntimeStatus == status, TimeSpan.FromMinutes(1), $"{status}");
}
