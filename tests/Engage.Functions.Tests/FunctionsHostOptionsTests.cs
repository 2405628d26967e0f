using Engage.Functions.Hosting;
using Microsoft.Extensions.Configuration;

namespace Engage.Functions.Tests;

public sealed class FunctionsHostOptionsTests
{
    [Fact]
    public void Without_settings_the_host_is_keyed()
    {
        var options = Read();

        Assert.False(options.IsLocalDevelopment);
        Assert.False(options.IsCustomHandler);
        Assert.True(options.KeyChecksEnabled);
        Assert.Empty(options.FunctionKeys);
        Assert.Null(options.AdminKey);
    }

    [Fact]
    public void Function_keys_are_comma_separated_and_trimmed()
    {
        var options = Read((FunctionsHostOptions.FunctionKeysSetting, " a1 , b2,,c3 "), (FunctionsHostOptions.AdminKeySetting, " "));

        Assert.Equal(["a1", "b2", "c3"], options.FunctionKeys);
        Assert.Null(options.AdminKey);
    }

    [Theory]
    [InlineData("Development", true)]
    [InlineData("development", true)]
    [InlineData("Production", false)]
    [InlineData("Staging", false)]
    public void Only_the_development_environment_turns_key_checks_off(string environment, bool development)
    {
        var options = Read((FunctionsHostOptions.EnvironmentSetting, environment));

        Assert.Equal(development, options.IsLocalDevelopment);
        Assert.Equal(!development, options.KeyChecksEnabled);
    }

    [Fact]
    public void The_custom_handler_port_is_read()
    {
        var options = Read((FunctionsHostOptions.CustomHandlerPortSetting, "40123"));

        Assert.Equal(40123, options.CustomHandlerPort);
        Assert.False(options.KeyChecksEnabled);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    [InlineData("-1")]
    [InlineData("80a")]
    public void A_custom_handler_port_that_is_no_port_stops_the_host(string port)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Read((FunctionsHostOptions.CustomHandlerPortSetting, port)));

        Assert.Contains(FunctionsHostOptions.CustomHandlerPortSetting, error.Message);
    }

    private static FunctionsHostOptions Read(params (string Key, string? Value)[] settings) =>
        FunctionsHostOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());
}
