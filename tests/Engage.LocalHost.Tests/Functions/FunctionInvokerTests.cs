using System.Reflection;
using Engage.LocalHost.Functions;
using Engage.LocalHost.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engage.LocalHost.Tests.Functions;

/// <summary>How the invoker calls a function's method, as the worker does, without storage or HTTP.</summary>
public sealed class FunctionInvokerTests
{
    private readonly List<string> _calls = [];

    [Fact]
    public async Task A_task_result_is_the_invocations_result()
    {
        var context = await InvokeAsync(nameof(Samples.EchoAsync), trigger: "hello");

        Assert.Equal("hello", context.Result);
    }

    [Fact]
    public async Task A_value_task_result_and_a_parameter_from_binding_data_converted_to_its_type()
    {
        var context = await InvokeAsync(nameof(Samples.CountAsync), trigger: "x", ("count", "3"));

        Assert.Equal(3, context.Result);
    }

    [Fact]
    public async Task A_method_without_a_result_leaves_none()
    {
        var context = await InvokeAsync(nameof(Samples.Nothing), trigger: "x");

        Assert.Null(context.Result);
        Assert.Contains("nothing", _calls);
    }

    [Fact]
    public async Task A_thrown_exception_reaches_the_caller_as_itself()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InvokeAsync(nameof(Samples.Fails), trigger: "x"));

        Assert.Equal("boom", error.Message);
    }

    [Fact]
    public async Task A_binding_value_that_does_not_convert_is_a_bad_request_naming_the_parameter()
    {
        var error = await Assert.ThrowsAsync<BadHttpRequestException>(() => InvokeAsync(nameof(Samples.CountAsync), trigger: "x", ("count", "many")));

        Assert.Contains("'count'", error.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task An_instance_method_gets_a_fresh_instance_with_its_constructor_services_and_the_context()
    {
        var context = await InvokeAsync(nameof(Samples.Describe), trigger: "x");

        Assert.Equal($"{nameof(Samples.Describe)} at 2026-12-01", context.Result);
    }

    [Fact]
    public async Task The_apps_middleware_runs_around_the_function_in_registration_order()
    {
        await InvokeAsync(nameof(Samples.Nothing), trigger: "x");

        Assert.Equal(["outer in", "inner in", "nothing", "inner out", "outer out"], _calls);
    }

    [Fact]
    public async Task A_response_the_function_builds_is_written_to_the_request_with_its_status_headers_cookies_and_body()
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1", 7071);
        http.Request.Path = "/api/things";
        http.Response.Body = new MemoryStream();
        var request = new LocalHttpRequestData(http.Request, await InvokeAsync(nameof(Samples.Nothing), trigger: "x"));
        var response = request.CreateResponse();
        response.StatusCode = System.Net.HttpStatusCode.Created;
        response.Headers.Add("Location", "/api/things/1");
        response.Cookies.Append("session", "abc");
        await response.Body.WriteAsync("made"u8.ToArray());

        await ((LocalHttpResponseData)response).WriteToAsync(http.Response, CancellationToken.None);

        http.Response.Body.Position = 0;
        Assert.Equal(201, http.Response.StatusCode);
        Assert.Equal("/api/things/1", http.Response.Headers.Location.ToString());
        Assert.Contains("session=abc", http.Response.Headers.SetCookie.ToString(), StringComparison.Ordinal);
        Assert.Equal("made", await new StreamReader(http.Response.Body).ReadToEndAsync());
    }

    private async Task<LocalFunctionContext> InvokeAsync(string method, object trigger, params (string Name, object? Value)[] data)
    {
        var services = new ServiceCollection()
            .AddSingleton(this)
            .AddSingleton<TimeProvider>(new FixedTime())
            .BuildServiceProvider();
        var pipeline = new WorkerPipeline(new ServiceCollection());
        pipeline.Use(next => async context =>
        {
            _calls.Add("outer in");
            await next(context);
            _calls.Add("outer out");
        });
        pipeline.Use(next => async context =>
        {
            _calls.Add("inner in");
            await next(context);
            _calls.Add("inner out");
        });
        var invoker = new FunctionInvoker(pipeline, NullLoggerFactory.Instance, TimeProvider.System);
        var context = new LocalFunctionContext(Function(method), services, data.ToDictionary(d => d.Name, d => d.Value), CancellationToken.None)
        {
            TriggerValue = trigger,
        };
        await invoker.InvokeAsync(context);
        return context;
    }

    private static LocalFunction Function(string method)
    {
        var info = typeof(Samples).GetMethod(method, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)!;
        var metadata = new FunctionMetadata
        {
            Name = method,
            ScriptFile = "Engage.LocalHost.Tests.dll",
            EntryPoint = $"{typeof(Samples).FullName}.{method}",
            Bindings = [new BindingMetadataEntry { Name = "trigger", Type = "timerTrigger", Direction = "In" }],
        };
        return new LocalFunction(metadata, info, info.DeclaringType!.Assembly.Location);
    }

    public sealed class Samples(TimeProvider time, FunctionInvokerTests test)
    {
        public static Task<string> EchoAsync(string trigger) => Task.FromResult(trigger);

        public static ValueTask<int> CountAsync(string trigger, int count) => ValueTask.FromResult(count);

        public static Task Fails(string trigger) => throw new InvalidOperationException("boom");

        public void Nothing(string trigger) => test._calls.Add("nothing");

        public string Describe(string trigger, FunctionContext context) =>
            $"{context.FunctionDefinition.Name} at {time.GetUtcNow():yyyy-MM-dd}";
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    }
}
