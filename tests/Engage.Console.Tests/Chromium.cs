using Microsoft.Playwright;

namespace Engage.Console.Tests;

/// <summary>
/// Debian's chromium, which Playwright drives through its executable path: Playwright's own browser download is
/// unreachable here. ./test installs it with apt-get when it is missing (scripts/lib.sh, ensure_chromium).
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>No sandbox (root in a container has none to give), and nothing that would reach the network on its own.</summary>
    public static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    public static BrowserTypeLaunchOptions LaunchOptions => new() { ExecutablePath = ExecutablePath, Headless = true, Args = Args };

    /// <summary>Fails the fixture with what to do when the browser is not there (a test run started without ./test).</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run ./test, which installs Debian's chromium package, or apt-get install chromium.");
        }
    }
}
