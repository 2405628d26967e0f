using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Engage.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class EngagementPageTests(ConsoleHost host)
{
    private static readonly string[] Cards = ["people", "themes", "goals", "challenges", "risks", "recommendations"];

    [Fact]
    public async Task A_run_started_from_the_page_completes_and_its_summary_shows_as_cards_whose_items_link_to_their_meetings()
    {
        await using var tab = await host.NewPageAsync();
        var page = tab.Page;

        // The local host's root opens the console.
        await page.GotoAsync("/");
        Assert.EndsWith("/api/console/", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await page.GetByLabel("Domain or website URL").FillAsync("https://www.acmecorp.com/about");
        await page.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();

        await Expect(page.Locator("#run-state")).ToHaveTextAsync("complete", new() { Timeout = 60_000 });
        Assert.Contains("domain=acmecorp.com", page.Url, StringComparison.Ordinal);
        foreach (var card in Cards)
        {
            await Expect(page.Locator($"[data-card={card}] h3")).ToBeVisibleAsync();
        }

        // The demo customer's meetings yield people and every kind of item; each item names its meetings.
        foreach (var card in Cards)
        {
            Assert.True(await page.Locator($"[data-card={card}] li").CountAsync() > 0, $"The {card} card lists nothing.");
        }

        var firstTheme = page.Locator("[data-card=themes] li").First;
        var chip = firstTheme.Locator("a.chip").First;
        var meeting = (await chip.GetAttributeAsync("href"))!.TrimStart('#');
        await chip.ClickAsync();
        await Expect(page.Locator($"[data-card=meetings] li#{meeting}")).ToBeFocusedAsync();
        await ConsoleHost.ScreenshotAsync(page, "engagement-summary");

        // The run is in the domain's history, and the page stays within a phone's width.
        await Expect(page.Locator("table").Filter(new() { HasText = "complete" })).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(390, 844);
        await ConsoleHost.ScreenshotAsync(page, "engagement-phone");
        await tab.AssertFitsAsync();
        tab.AssertNoErrors();
    }
}
