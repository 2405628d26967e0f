using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Engage.Testing;

namespace Engage.Functions.Tests.Deployment;

/// <summary>One <c>./publish</c>, checked the way the Functions host reads the package it is given.</summary>
[Collection(PublishCollection.Name)]
public sealed class PublishTests
{
    private const string AppAssembly = "Engage.Functions.dll";

    private static readonly string[] Functions =
    [
        "StartEngagementSummary", "GetEngagementStatus", "GetLatestEngagementSummary", "ListEngagementRuns",
        "ListConversations", "GetConversation", "ConversationCompleteWebhook", "RunDiscovery", "GetDiscoveryStatus",
        "Health", "Console", "OpenApiDocument", "ConversationDiscovery", "EngagementRetention", "EngagementAggregation", "CollectMeetings",
        "AnalyzeExcerpt", "ReportProgress", "CompleteRun", "AnalyzeExcerptBatch",
        "ListCustomers", "GetCustomer", "CreateCustomer", "PatchCustomer", "DeleteCustomer", "ListCustomerEvents", "ImportCustomers",
        "GetWorkflowContext", "CustomerRules",
        "ListTasks", "CreateTask", "GetTask", "UpdateTask", "DeleteTask",
        "ListArtifacts", "CreateArtifact", "GetArtifact", "UpdateArtifact", "DeleteArtifact",
        "ListSavedActions", "ExecuteSavedAction", "GetPreferences", "UpdatePreferences",
        "ListWorkflowDefinitions", "GetWorkflowDefinition", "CreateWorkflowDefinition", "StartWorkflowExecution",
        "ListWorkflowExecutions", "GetWorkflowExecution", "ListWorkflowExecutionEvents", "CompleteWorkflowExecution",
        "CancelWorkflowExecution", "CompleteWorkflowStep", "SkipWorkflowStep", "SnoozeWorkflowExecution",
        "EscalateWorkflowExecution", "ScheduleWorkflowFollowUp", "GetWorkflowQueue", "WorkflowPlanner", "RunWorkflowPlanner",
        "WorkflowExecution", "RecordExecutionChange",
        "CreateChatThread", "GetChatThread", "ListChatMessages", "SendChatMessage", "ListChatBranches", "ListChatEvents",
        "CompleteChatThread", "ReopenChatThread", "ChatIdleThreads",
    ];

    [Fact]
    public async Task Publish_makes_an_isolated_worker_package_and_a_zip_of_it_that_the_functions_host_can_load()
    {
        var output = Directory.CreateTempSubdirectory("engage-publish-");
        try
        {
            var log = await PublishAsync(output.FullName);
            var app = Path.Combine(output.FullName, "app");

            CheckHostJson(app);
            CheckFunctionsMetadata(app, log);
            CheckExtensions(app);
            CheckWorker(app);
            CheckZip(app, Path.Combine(output.FullName, "engage-functions.zip"));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static void CheckHostJson(string app)
    {
        var host = ReadJson(app, "host.json").AsObject();

        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.NotNull(host["extensions"]?["durableTask"]?["hubName"]);

        // Left over from the custom handler, either would make the host load an extension bundle or start an executable.
        Assert.False(host.ContainsKey("customHandler"), "host.json still configures a custom handler");
        Assert.False(host.ContainsKey("extensionBundle"), "host.json names an extension bundle; the app brings its extensions in .azurefunctions/");
    }

    private static void CheckFunctionsMetadata(string app, string log)
    {
        var names = ReadJson(app, "functions.metadata").AsArray().Select(f => f!["name"]!.GetValue<string>()).Order().ToList();

        Assert.True(Functions.Order().SequenceEqual(names), $"functions.metadata lists: {string.Join(", ", names)}\n{log}");
    }

    private static void CheckExtensions(string app)
    {
        var extensions = ReadJson(app, "extensions.json")["extensions"]!.AsArray();

        var durable = Assert.Single(extensions, e => e!["name"]!.GetValue<string>() == "DurableTask")!;
        var hintPath = durable["hintPath"]!.GetValue<string>();
        Assert.StartsWith("./.azurefunctions/", hintPath, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app, hintPath)), $"{hintPath} is not in the package");
    }

    private static void CheckWorker(string app)
    {
        var description = ReadJson(app, "worker.config.json")["description"]!;

        Assert.Equal("dotnet-isolated", description["language"]!.GetValue<string>());
        Assert.Equal(AppAssembly, description["defaultWorkerPath"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(app, AppAssembly)), $"{AppAssembly} is not in the package");

        // Framework-dependent: the host starts the worker with its own dotnet and the stack's .NET runtime.
        Assert.Equal("dotnet", description["defaultExecutablePath"]!.GetValue<string>());
        var runtime = ReadJson(app, "Engage.Functions.runtimeconfig.json")["runtimeOptions"]!.AsObject();
        Assert.False(runtime.ContainsKey("includedFrameworks"), "the package is self-contained");
        Assert.False(File.Exists(Path.Combine(app, "libcoreclr.so")), "the package carries its own .NET runtime");
    }

    private static void CheckZip(string app, string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.Select(e => e.FullName.Replace('\\', '/')).Where(e => !e.EndsWith('/')).Order(StringComparer.Ordinal).ToList();
        var files = Directory.EnumerateFiles(app, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(app, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        // Zip deploy unpacks into the app root, so the files sit at the top, not under an app/ folder.
        Assert.Contains("host.json", entries);
        Assert.Contains("functions.metadata", entries);
        Assert.Contains("extensions.json", entries);
        Assert.Contains("worker.config.json", entries);
        Assert.Contains(entries, e => e.StartsWith(".azurefunctions/", StringComparison.Ordinal));
        Assert.True(files.SequenceEqual(entries), $"the zip and the app folder differ: only in the zip {string.Join(", ", entries.Except(files))}; only in the folder {string.Join(", ", files.Except(entries))}");
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

    private static JsonNode ReadJson(string app, string file)
    {
        var path = Path.Combine(app, file);
        Assert.True(File.Exists(path), $"{file} is not at the root of the package");
        return JsonNode.Parse(File.ReadAllText(path))!;
    }
}
