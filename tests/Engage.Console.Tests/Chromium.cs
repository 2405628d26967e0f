using System.Diagnostics;
using Microsoft.Playwright;

namespace Engage.Console.Tests;

/// <summary>
/// Debian's chromium, which Playwright drives through its executable path: Playwright's own browser download is
/// unreachable here. Installed with apt-get when missing and the tests run as root, as ./test does.
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

    public static async Task EnsureInstalledAsync()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }

        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium package (apt-get install chromium), or run ./test as root, which installs it.");
        }

        using var install = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = install.StandardOutput.ReadToEndAsync();
        var errors = install.StandardError.ReadToEndAsync();
        await install.WaitForExitAsync();
        if (install.ExitCode != 0 || !File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"apt-get could not install chromium (exit {install.ExitCode}):\n{await output}\n{await errors}");
        }
    }
}
