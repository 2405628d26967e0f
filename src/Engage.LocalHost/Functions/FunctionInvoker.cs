using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Functions;

/// <summary>
/// Calls a function as the worker does: a fresh instance of its class from the invocation's services (constructor
/// injection), its parameters bound from the trigger, the Durable client, the context, the cancellation token and
/// binding data, all through the app's middleware.
/// </summary>
public sealed partial class FunctionInvoker
{
    private readonly FunctionExecutionDelegate _pipeline;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;

    public FunctionInvoker(WorkerPipeline pipeline, ILoggerFactory loggers, TimeProvider time)
    {
        _pipeline = pipeline.Build(CallAsync);
        _loggers = loggers;
        _time = time;
    }

    /// <summary>
    /// Runs the middleware and the function; the function's result is then in <see cref="LocalFunctionContext.Result"/>.
    /// Each invocation is logged under <c>Function.&lt;name&gt;</c> as the Functions host logs it; an orchestrator's, which
    /// repeat on every replay, only at debug level.
    /// </summary>
    public async Task InvokeAsync(LocalFunctionContext context)
    {
        var logger = _loggers.CreateLogger("Function." + context.Function.Name);
        var level = context.Function.Trigger.Is(BindingTypes.Orchestration) ? LogLevel.Debug : LogLevel.Information;
        var started = _time.GetTimestamp();
        LogExecuting(logger, level, context.Function.Name, context.Function.Trigger.Type, context.InvocationId);
        try
        {
            await _pipeline(context);
        }
        catch (Exception e)
        {
            LogExecuted(logger, LogLevel.Error, context.Function.Name, "Failed", context.InvocationId, _time.GetElapsedTime(started).TotalMilliseconds, e);
            throw;
        }

        LogExecuted(logger, level, context.Function.Name, "Succeeded", context.InvocationId, _time.GetElapsedTime(started).TotalMilliseconds, null);
    }

    private static async Task CallAsync(FunctionContext functionContext)
    {
        var context = (LocalFunctionContext)functionContext;
        var function = context.Function;
        var target = function.Method.IsStatic ? null : ActivatorUtilities.CreateInstance(context.InstanceServices, function.Method.DeclaringType!);
        var arguments = function.Method.GetParameters().Select(p => Bind(p, context)).ToArray();
        object? returned;
        try
        {
            returned = function.Method.Invoke(target, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }

        context.Result = returned switch
        {
            Task task => await ResultOfAsync(task),
            ValueTask valueTask => await ResultOfAsync(valueTask.AsTask()),
            not null when function.Method.ReturnType.IsGenericType && function.Method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>) =>
                await ResultOfAsync((Task)function.Method.ReturnType.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!),
            _ => returned,
        };
    }

    private static async Task<object?> ResultOfAsync(Task task)
    {
        await task;
        var type = task.GetType();
        return type.IsGenericType && type.GetProperty(nameof(Task<int>.Result)) is { } result && result.PropertyType.Name != "VoidTaskResult"
            ? result.GetValue(task)
            : null;
    }

    private static object? Bind(ParameterInfo parameter, LocalFunctionContext context)
    {
        var type = parameter.ParameterType;
        if (parameter == context.Function.TriggerParameter)
        {
            return context.TriggerValue;
        }

        if (type == typeof(FunctionContext))
        {
            return context;
        }

        if (type == typeof(CancellationToken))
        {
            return context.CancellationToken;
        }

        if (context.Function.Metadata.Bindings.Any(b => b.Name == parameter.Name && b.Is(BindingTypes.DurableClient)))
        {
            return context.InstanceServices.GetRequiredService<DurableTaskClient>();
        }

        if (context.BindingContext.BindingData.TryGetValue(parameter.Name!, out var value) && value is not null)
        {
            return Convert(value, type, parameter.Name!, context.Function.Name);
        }

        return parameter.HasDefaultValue ? parameter.DefaultValue : null;
    }

    [LoggerMessage(Message = "Executing 'Functions.{Function}' (Reason='{Trigger}', Id={InvocationId})")]
    private static partial void LogExecuting(ILogger logger, LogLevel level, string function, string trigger, string invocationId);

    [LoggerMessage(Message = "Executed 'Functions.{Function}' ({Outcome}, Id={InvocationId}, Duration={DurationMs:0}ms)")]
    private static partial void LogExecuted(ILogger logger, LogLevel level, string function, string outcome, string invocationId, double durationMs, Exception? exception);

    private static object? Convert(object value, Type type, string name, string function)
    {
        if (type.IsInstanceOfType(value))
        {
            return value;
        }

        var converter = TypeDescriptor.GetConverter(type);
        try
        {
            return converter.ConvertFrom(null, CultureInfo.InvariantCulture, value);
        }
        catch (Exception e) when (e is NotSupportedException or FormatException or ArgumentException)
        {
            throw new BadHttpRequestException($"'{value}' is not a valid {type.Name} for parameter '{name}' of {function}.", e);
        }
    }
}
