using Microsoft.Playwright;

namespace Engage.Console.Tests;

/// <summary>
/// A console page in its own browser context, with what went wrong on it: console errors, uncaught exceptions and
/// answers of 400 and up. Disposing it closes the context.
/// </summary>
public sealed class ConsoleTab : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    public ConsoleTab(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => _errors.Add(error);
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _errors.Add($"{response.Request.Method} {response.Url} answered {response.Status}");
            }
        };
    }

    public IPage Page { get; }

    public void AssertNoErrors() => Assert.True(_errors.Count == 0, string.Join("\n", _errors));

    /// <summary>That the page scrolls no wider than its window (a phone's, where the tests ask).</summary>
    public async Task AssertFitsAsync()
    {
        var overflow = await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{Page.Url} is {overflow} px wider than a {Page.ViewportSize?.Width} px window.");
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
