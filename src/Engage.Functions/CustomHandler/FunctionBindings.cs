using System.Text.Json.Nodes;
using Engage.Functions.Keys;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// The bindings Engage's <c>function.json</c> files declare. A trigger's binding name is also the key under
/// which the host puts the trigger's value in an invocation's <c>Data</c>, so the invokers read it from here.
/// </summary>
public static class FunctionBindings
{
    public const string HttpRequest = "req";
    public const string HttpResponse = "res";
    public const string Timer = "timer";
    public const string QueueMessage = "message";

    /// <summary>The queues live in the host's own storage account, the one the app's task hub uses.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    /// <summary>
    /// An HTTP trigger and its response and nothing else: the only shape the host forwards as the original
    /// request instead of wrapping it in an invocation payload.
    /// </summary>
    /// <param name="route">The route below the host's route prefix, in ASP.NET Core template syntax.</param>
    /// <param name="methods">The HTTP methods; none means all.</param>
    public static JsonArray Http(string route, IReadOnlyCollection<string> methods, AuthorizationLevel level)
    {
        var trigger = new JsonObject
        {
            ["type"] = "httpTrigger",
            ["direction"] = "in",
            ["name"] = HttpRequest,
            ["authLevel"] = AuthLevelName(level),
            ["route"] = route,
        };
        if (methods.Count > 0)
        {
            trigger["methods"] = new JsonArray([.. methods.Select(m => JsonValue.Create(m.ToLowerInvariant()))]);
        }

        return [trigger, new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = HttpResponse }];
    }

    /// <summary>A timer whose NCRONTAB schedule the host reads from the app setting <paramref name="scheduleSetting"/>.</summary>
    public static JsonArray TimerTrigger(string scheduleSetting) =>
    [
        new JsonObject
        {
            ["type"] = "timerTrigger",
            ["direction"] = "in",
            ["name"] = Timer,
            ["schedule"] = $"%{scheduleSetting}%",
        },
    ];

    /// <param name="queueName">The queue, or a <c>%SETTING%</c> expression the host resolves to it.</param>
    public static JsonArray QueueTrigger(string queueName) =>
    [
        new JsonObject
        {
            ["type"] = "queueTrigger",
            ["direction"] = "in",
            ["name"] = QueueMessage,
            ["queueName"] = queueName,
            ["connection"] = StorageConnection,
        },
    ];

    public static string AuthLevelName(AuthorizationLevel level) => level switch
    {
        AuthorizationLevel.Anonymous => "anonymous",
        AuthorizationLevel.Admin => "admin",
        _ => "function",
    };
}
