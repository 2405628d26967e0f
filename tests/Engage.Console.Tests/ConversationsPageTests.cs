using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Engage.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ConversationsPageTests(ConsoleHost host)
{
    [Fact]
    public async Task The_list_loads_page_after_page_as_it_scrolls_newest_first_with_no_duplicates_and_opens_a_conversation()
    {
        await using var tab = await host.NewPageAsync();
        var page = tab.Page;
        await page.GotoAsync($"/api/console/#/conversations?crew={ConsoleHost.Client}/{ConsoleHost.Crew}");
        var items = page.Locator("#conversation-list li[data-key]");
        await Expect(items).ToHaveCountAsync(25);

        // Scrolling the list to its end reads the next page, until the API hands out no continuation.
        var more = page.GetByRole(AriaRole.Button, new() { Name = "No more conversations" });
        for (var i = 0; i < 10 && !await more.IsVisibleAsync(); i++)
        {
            await page.Locator("#conversation-list").EvaluateAsync("list => list.scrollTop = list.scrollHeight");
            await page.WaitForTimeoutAsync(300);
        }

        await Expect(more).ToBeVisibleAsync();
        var keys = await items.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.key)");
        var expected = Enumerable.Range(1, ConsoleHost.Conversations).Reverse().Select(n => $"{ConsoleHost.Client}|{ConsoleHost.Crew}|session-{n:000}").ToArray();
        Assert.Equal(expected, keys);

        // Search narrows what is loaded; opening one shows its messages.
        await page.GetByLabel("Search loaded conversations").FillAsync("session-007");
        await Expect(page.Locator("#conversation-list li[data-key]:visible")).ToHaveCountAsync(1);
        await page.Locator("#conversation-list li[data-key]:visible button").ClickAsync();
        await Expect(page.Locator("#conversation-detail .messages li")).ToHaveTextAsync(["human: Question 7", "ai: Answer 7"]);
        Assert.DoesNotContain("null", await page.Locator("#conversation-detail").InnerTextAsync(), StringComparison.Ordinal);
        await ConsoleHost.ScreenshotAsync(page, "conversations");
        tab.AssertNoErrors();
    }
}
