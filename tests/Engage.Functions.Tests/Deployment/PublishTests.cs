using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Durable;
using Engage.Functions.CustomHandler;
using Engage.Functions.Hosting;
using Engage.Functions.Storage;
using Engage.Functions.Tests.CustomHandler;
using Engage.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Engage.Functions.Tests.Deployment;

/// <summary>One publish, checked the way the Functions host would use it.</summary>
[Collection(PublishCollection.Name)]
public sealed class PublishTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Executable = "Engage.Functions";

    [Fact]
    public async Task Publish_makes_a_zip_deployable_app_with_a_function_json_per_function_that_starts_as_a_custom_handler()
    {
        var output = Directory.CreateTempSubdirectory("engage-publish-");
        try
        {
            var log = await PublishAsync(output.FullName);
            var app = Path.Combine(output.FullName, "app");

            CheckHostJson(app);
            await CheckFunctionFoldersAsync(app, log);
            CheckZip(Path.Combine(output.FullName, "engage-functions.zip"));
            await CheckStartsAsCustomHandlerAsync(app);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static void CheckHostJson(string app)
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(app, "host.json")))!;
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Equal(Executable, host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", host["extensionBundle"]!["id"]!.GetValue<string>());
        Assert.Equal("[4.*, 5.0.0)", host["extensionBundle"]!["version"]!.GetValue<string>());
        Assert.Equal(FunctionCatalog.RoutePrefix, host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());

        // The trigger's retries end one delivery after the engine's, so the engine fails a poison instance with
        // its reason instead of the message vanishing into <queue>-poison.
        var queues = host["extensions"]!["queues"]!;
        Assert.Equal("base64", queues["messageEncoding"]!.GetValue<string>());
        Assert.Equal(new DurableTaskOptions().MaxDequeueCount + 1, queues["maxDequeueCount"]!.GetValue<int>());

        var executable = Path.Combine(app, Executable);
        Assert.True(File.Exists(executable), "the custom handler executable is missing");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute));
        }
    }

    private async Task CheckFunctionFoldersAsync(string app, string log)
    {
        await using var factory = new CustomHandlerAppFactory(azurite.Server);
        factory.CreateClient().Dispose();
        var expected = factory.Services.GetRequiredService<FunctionCatalog>().Describe(factory.Services.GetRequiredService<EndpointDataSource>().Endpoints);

        var published = Directory.EnumerateDirectories(app).Where(d => File.Exists(Path.Combine(d, FunctionManifestWriter.FileName))).Select(Path.GetFileName).Order().ToList();
        Assert.True(expected.Select(f => f.Name).Order().SequenceEqual(published), $"published functions: {string.Join(", ", published)}\n{log}");
        foreach (var function in expected)
        {
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(app, function.Name, FunctionManifestWriter.FileName)));
            Assert.True(JsonNode.DeepEquals(function.ToFunctionJson(), json), $"{function.Name}/function.json differs from the app's own description: {json}");
        }

        Assert.Equal("anonymous", Trigger(app, "GetHealth")["authLevel"]!.GetValue<string>());
        Assert.Equal("admin", Trigger(app, "GetEngagementRuns")["authLevel"]!.GetValue<string>());
        Assert.Equal("function", Trigger(app, "PostEngagementSummary")["authLevel"]!.GetValue<string>());
        Assert.Equal("%ENGAGEMENT_RETENTION_CRON%", Trigger(app, "EngagementRetention")["schedule"]!.GetValue<string>());
        Assert.Equal("%DURABLE_TASK_HUB%-control-00", Trigger(app, "DurableControl00")["queueName"]!.GetValue<string>());
        Assert.Equal("%DURABLE_TASK_HUB%-workitems", Trigger(app, "DurableWorkItems")["queueName"]!.GetValue<string>());
    }

    private static void CheckZip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.ToDictionary(e => e.FullName.Replace('\\', '/'), StringComparer.Ordinal);
        Assert.Contains("host.json", entries.Keys);
        Assert.Contains("GetHealth/function.json", entries.Keys);
        Assert.Contains("DurableWorkItems/function.json", entries.Keys);

        // Unix mode in the high half of the external attributes: still executable after a zip deploy to Linux.
        var mode = (entries[Executable].ExternalAttributes >> 16) & 0x1FF;
        Assert.True((mode & 0x40) != 0, $"{Executable} is not executable in the zip (mode {Convert.ToString(mode, 8)})");
    }

    private async Task CheckStartsAsCustomHandlerAsync(string app)
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(Path.Combine(app, Executable))
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment[FunctionsHostOptions.CustomHandlerPortSetting] = port.ToString(CultureInfo.InvariantCulture);
        start.Environment[StorageConnection.Setting] = azurite.Server.ConnectionString;
        start.Environment[DurableHostingExtensions.TaskHubSetting] = "pub" + Guid.NewGuid().ToString("N")[..12];
        start.Environment["FATHOM_API_KEY"] = string.Empty;
        start.Environment["OPENAI_API_KEY"] = string.Empty;

        var output = new StringBuilder();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            var started = Stopwatch.StartNew();
            var ready = await PollRootAsync(http, process, TimeSpan.FromSeconds(10));
            Assert.True(ready, $"no answer on / after {started.Elapsed.TotalSeconds:0.0} s:\n{Read(output)}");
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"answered on / only after {started.Elapsed.TotalSeconds:0.0} s");

            // A forwarded request: the original path and the caller's https, as the host passes them on.
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/engagement-summary")
            {
                Content = new StringContent("""{"domain":"globex.io"}""", Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Forwarded-Proto", "https");
            using var response = await http.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.StartsWith($"https://127.0.0.1:{port}/api/durabletask/instances/", body["statusQueryGetUri"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <summary>As the host checks readiness: a request to / every 25 ms; any HTTP answer counts.</summary>
    private static async Task<bool> PollRootAsync(HttpClient http, Process process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync("/");
                return true;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(25);
            }
        }

        return false;
    }

    private static async Task<string> PublishAsync(string output)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "publish"));
        start.ArgumentList.Add(output);

        // The test host's MSBuild variables would steer the nested build to the test run's own MSBuild state.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("./publish did not finish within 8 minutes.");
        }

        var log = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"./publish failed with exit code {process.ExitCode}:\n{log}");
        return log;
    }

    private static JsonObject Trigger(string app, string function) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(app, function, FunctionManifestWriter.FileName)))!["bindings"]![0]!.AsObject();

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
