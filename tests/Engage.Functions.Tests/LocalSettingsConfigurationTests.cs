using Engage.Functions.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Engage.Functions.Tests;

public sealed class LocalSettingsConfigurationTests : IDisposable
{
    private readonly TempContentRoot _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Values_and_connection_strings_are_read_and_double_underscores_nest()
    {
        _root.WriteLocalSettings("""
            {
              "IsEncrypted": false,
              "Values": {
                "AzureWebJobsStorage": "UseDevelopmentStorage=true",
                "FUNCTIONS_WORKER_RUNTIME": "custom",
                "Engage__Retention__Days": 30,
                "ENABLE_BACKGROUND_JOBS": false
              },
              "ConnectionStrings": { "Conversations": "Host=localhost" },
            }
            """);

        var configuration = new ConfigurationBuilder().AddLocalSettings(_root.Path).Build();

        Assert.Equal("UseDevelopmentStorage=true", configuration["AzureWebJobsStorage"]);
        Assert.Equal("custom", configuration["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("30", configuration["Engage:Retention:Days"]);
        Assert.Equal("false", configuration["ENABLE_BACKGROUND_JOBS"]);
        Assert.Equal("Host=localhost", configuration.GetConnectionString("Conversations"));
        Assert.Null(configuration["IsEncrypted"]);
    }

    [Fact]
    public void Environment_variables_override_the_file_in_the_real_host_builder()
    {
        var overridden = "ENGAGE_TEST_" + Guid.NewGuid().ToString("N");
        var fileOnly = "ENGAGE_TEST_" + Guid.NewGuid().ToString("N");
        _root.WriteLocalSettings($$"""{ "Values": { "{{overridden}}": "from-file", "{{fileOnly}}": "from-file" } }""");
        Environment.SetEnvironmentVariable(overridden, "from-environment");
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _root.Path });

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
    public void A_missing_file_adds_nothing_and_is_no_error()
    {
        var configuration = new ConfigurationBuilder().AddLocalSettings(_root.Path).Build();

        Assert.Empty(configuration.AsEnumerable());
    }

    [Fact]
    public void An_encrypted_file_is_refused_with_a_way_out()
    {
        _root.WriteLocalSettings("""{ "IsEncrypted": true, "Values": { "AzureWebJobsStorage": "AQAAANCMnd8B..." } }""");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddLocalSettings(_root.Path).Build());

        Assert.Contains("func settings decrypt", error.Message);
    }

    [Fact]
    public void Broken_json_is_refused_naming_the_line()
    {
        _root.WriteLocalSettings("{\n  \"Values\": {\n    \"A\": \"1\"\n    \"B\": \"2\"\n  }\n}");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddLocalSettings(_root.Path).Build());

        Assert.Contains("line 4", error.Message);
    }

    [Fact]
    public void A_nested_object_in_values_is_refused()
    {
        _root.WriteLocalSettings("""{ "Values": { "Engage": { "Days": 1 } } }""");

        var error = Assert.Throws<InvalidDataException>(() => new ConfigurationBuilder().AddLocalSettings(_root.Path).Build());

        Assert.Contains("Values.Engage", error.Message);
    }

    [Fact]
    public async Task The_app_reads_local_settings_from_its_content_root()
    {
        _root.WriteLocalSettings($$"""
            { "Values": { "{{FunctionsHostOptions.EnvironmentSetting}}": "Development", "{{FunctionsHostOptions.FunctionKeysSetting}}": "k" } }
            """);
        await using var factory = new LocalSettingsAppFactory(_root.Path);

        var response = await factory.CreateClient().GetAsync("/api/test/function");

        Assert.Equal(200, (int)response.StatusCode);
    }
}
