using Engage.Functions.Hosting;
using Engage.Functions.Keys;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests;

public sealed class FunctionKeyTests : IAsyncLifetime
{
    private readonly FunctionsAppFactory _factory = new();
    private HttpClient _keyed = null!;

    public Task InitializeAsync()
    {
        _keyed = _factory.WithKeys().CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_function_route_without_a_key_is_refused_with_401_problem_json()
    {
        var problem = await ProblemJson.ReadAsync(await _keyed.GetAsync("/api/test/function"), 401);

        Assert.Contains(FunctionKeyMiddleware.HeaderName, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_function_key_in_the_header_is_accepted()
    {
        var response = await GetWithHeaderKeyAsync("/api/test/function", FunctionsAppFactory.OtherFunctionKey);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("function", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_function_key_in_the_code_query_parameter_is_accepted()
    {
        var response = await _keyed.GetAsync($"/api/test/function?code={FunctionsAppFactory.FunctionKey}");

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("function-key-on")]
    [InlineData("function-key-one-and-more")]
    [InlineData("FUNCTION-KEY-ONE")]
    [InlineData("function-key-one,function-key-two")]
    public async Task A_wrong_key_is_refused_with_401(string key)
    {
        var response = await _keyed.GetAsync($"/api/test/function?code={Uri.EscapeDataString(key)}");

        await ProblemJson.ReadAsync(response, 401);
    }

    [Fact]
    public async Task The_admin_key_also_opens_function_routes()
    {
        var response = await _keyed.GetAsync($"/api/test/function?code={FunctionsAppFactory.AdminKey}");

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task An_admin_route_refuses_a_function_key_with_403()
    {
        var response = await _keyed.GetAsync($"/api/test/admin?code={FunctionsAppFactory.FunctionKey}");

        await ProblemJson.ReadAsync(response, 403);
    }

    [Fact]
    public async Task An_admin_route_without_a_key_is_refused_with_401()
    {
        await ProblemJson.ReadAsync(await _keyed.GetAsync("/api/test/admin"), 401);
    }

    [Fact]
    public async Task An_admin_route_accepts_the_admin_key_in_the_header()
    {
        var response = await GetWithHeaderKeyAsync("/api/test/admin", FunctionsAppFactory.AdminKey);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("admin", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_anonymous_route_needs_no_key()
    {
        var response = await _keyed.GetAsync("/api/test/anonymous");

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task The_level_may_be_declared_as_an_attribute_on_the_handler()
    {
        Assert.Equal(200, (int)(await _keyed.GetAsync("/api/test/attribute")).StatusCode);
    }

    [Fact]
    public async Task A_group_level_applies_to_its_endpoints_and_an_endpoint_level_overrides_it()
    {
        await ProblemJson.ReadAsync(await _keyed.GetAsync($"/api/test/group/admin?code={FunctionsAppFactory.FunctionKey}"), 403);
        Assert.Equal(200, (int)(await _keyed.GetAsync($"/api/test/group/admin?code={FunctionsAppFactory.AdminKey}")).StatusCode);
        Assert.Equal(200, (int)(await _keyed.GetAsync("/api/test/group/open")).StatusCode);
    }

    [Fact]
    public async Task With_keys_on_and_none_configured_every_keyed_route_answers_401_and_a_warning_is_logged()
    {
        var client = _factory.CreateClient();

        var function = await ProblemJson.ReadAsync(await client.GetAsync("/api/test/function?code=anything"), 401);
        await ProblemJson.ReadAsync(await client.GetAsync("/api/test/admin?code=anything"), 401);

        Assert.Contains("none configured", function.GetProperty("detail").GetString());
        Assert.Equal(200, (int)(await client.GetAsync("/api/test/anonymous")).StatusCode);
        Assert.Contains(_factory.Logs.Entries, e =>
            e.Level == LogLevel.Warning && e.Message.Contains(FunctionsHostOptions.FunctionKeysSetting, StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_function_keys_but_no_admin_key_admin_routes_refuse_even_a_function_key()
    {
        var client = _factory.With((FunctionsHostOptions.FunctionKeysSetting, FunctionsAppFactory.FunctionKey)).CreateClient();

        Assert.Equal(200, (int)(await client.GetAsync($"/api/test/function?code={FunctionsAppFactory.FunctionKey}")).StatusCode);
        await ProblemJson.ReadAsync(await client.GetAsync($"/api/test/admin?code={FunctionsAppFactory.FunctionKey}"), 401);
    }

    [Fact]
    public async Task In_local_development_mode_no_key_is_needed_even_for_admin_routes()
    {
        var client = _factory.WithKeys((FunctionsHostOptions.EnvironmentSetting, "Development")).CreateClient();

        Assert.Equal(200, (int)(await client.GetAsync("/api/test/function")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync("/api/test/admin")).StatusCode);
    }

    [Fact]
    public async Task Under_the_functions_host_the_host_checks_keys_so_Engage_does_not()
    {
        var client = _factory.WithKeys((FunctionsHostOptions.CustomHandlerPortSetting, "34567")).CreateClient();

        Assert.Equal(200, (int)(await client.GetAsync("/api/test/function")).StatusCode);
        Assert.Equal(200, (int)(await client.GetAsync("/api/test/admin")).StatusCode);
    }

    [Fact]
    public async Task Key_values_never_reach_the_logs()
    {
        await _keyed.GetAsync($"/api/test/function?code={FunctionsAppFactory.FunctionKey}");
        await _keyed.GetAsync($"/api/test/admin?code={FunctionsAppFactory.FunctionKey}");
        await _keyed.GetAsync("/api/test/function?code=a-wrong-key-value");
        await GetWithHeaderKeyAsync("/api/test/admin", FunctionsAppFactory.AdminKey);

        var logs = _factory.Logs.AllText;
        Assert.Contains("/api/test/admin", logs);
        Assert.DoesNotContain(FunctionsAppFactory.FunctionKey, logs);
        Assert.DoesNotContain(FunctionsAppFactory.AdminKey, logs);
        Assert.DoesNotContain("a-wrong-key-value", logs);
        Assert.DoesNotContain("code=", logs);
    }

    private async Task<HttpResponseMessage> GetWithHeaderKeyAsync(string path, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(FunctionKeyMiddleware.HeaderName, key);
        return await _keyed.SendAsync(request);
    }
}
