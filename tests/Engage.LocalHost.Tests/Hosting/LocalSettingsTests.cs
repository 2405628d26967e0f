using Engage.Functions.Hosting;
using Engage.LocalHost.Settings;
using Engage.LocalHost.Tests.Support;
using Engage.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace Engage.LocalHost.Tests.Hosting;

/// <summary><c>local.settings.json</c> read as Core Tools reads it.</summary>
public sealed class LocalSettingsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("engage-local-settings-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Values_and_connection_strings_are_read_and_double_underscores_nest()
    {
        Write("""
            {
              "IsEncrypted": false,
              "Values": {
                "AzureWebJobsStorage": "UseDevelopmentStorage=true",
                "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
                "Engage__Retention__Days": 30,
                "AzureWebJobs.ConversationDiscovery.Disabled": true,
                "EMPTY": null
              },
              // Core Tools accepts comments and trailing commas.
              "ConnectionStrings": { "Conversations": "Host=localhost" },
            }
            """);

        var configuration = new ConfigurationBuilder().AddLocalSettings(_root).Build();

        Assert.Equal("UseDevelopmentStorage=true", configuration["AzureWebJobsStorage"]);
        Assert.Equal("dotnet-isolated", configuration["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("30", configuration["Engage:Retention:Days"]);
        Assert.Equal("true", configuration["AzureWebJobs.ConversationDiscovery.Disabled"]);
        Assert.Null(configuration["EMPTY"]);
        Assert.Equal("Host=localhost", configuration.GetConnectionString("Conversations"));
        Assert.Null(configuration["IsEncrypted"]);
    }

    [Fact]
    public void Environment_variables_override_the_file_in_the_real_host_builder()
    {
        var overridden = "ENGAGE_TEST_" + Guid.NewGuid().ToString("N");
        var fileOnly = "ENGAGE_TEST_" + Guid.NewGuid().ToString("N");
        Write($$"""{ "Values": { "{{overridden}}": "from-file", "{{fileOnly}}": "from-file" } }""");
        Environment.SetEnvironmentVariable(overridden, "from-environment");
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _root });

            builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);

            Assert.Equal("from-environment", builder.Configuration[overridden]);
            Assert.Equal("from-file", builder.Configuration[fileOnly]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(overridden, null);
        }
    }

    [Fact]
    public void A_missing_file_adds_nothing_and_is_no_error() =>
        Assert.Empty(new ConfigurationBuilder().AddLocalSettings(_root).Build().AsEnumerable());

    [Fact]
    public void An_encrypted_file_is_refused_with_a_way_out()
    {
        Write("""{ "IsEncrypted": true, "Values": { "AzureWebJobsStorage": "AQAAANCMnd8B..." } }""");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddLocalSettings(_root).Build());

        Assert.Contains("func settings decrypt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_is_refused_naming_the_line()
    {
        Write("{\n  \"Values\": {\n    \"A\": \"1\"\n    \"B\": \"2\"\n  }\n}");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddLocalSettings(_root).Build());

        Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Values": { "Engage": { "Days": 1 } } }""", "Values.Engage")]
    [InlineData("""{ "Values": { "Hosts": ["a", "b"] } }""", "Values.Hosts")]
    [InlineData("""{ "Values": ["a"] }""", "'Values'")]
    public void A_value_that_is_not_a_string_number_or_boolean_is_refused_naming_it(string json, string named)
    {
        Write(json);

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddLocalSettings(_root).Build());

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_local_host_reads_local_settings_from_its_content_root()
    {
        Write($$"""{ "Values": { "{{FunctionSwitch.SettingFor("Health")}}": "true" } }""");
        await using var factory = new ContentRootFactory(azurite.Server, _root);
        using var http = factory.CreateClient();

        using var response = await http.GetAsync("/api/health");

        await ProblemJson.AssertStatusAsync(response, 404);
    }

    private void Write(string json) => File.WriteAllText(Path.Combine(_root, LocalSettings.FileName), json);

    /// <summary>The host under test with a content root of the test's, where its local.settings.json is.</summary>
    private sealed class ContentRootFactory(AzuriteServer azurite, string contentRoot) : LocalHostFactory(azurite, AppSettings.Quiet)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseContentRoot(contentRoot);
        }
    }
}
