using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Engage.Functions.Hosting;

public static class LoggingBuilderExtensions
{
    /// <summary>
    /// One JSON object per line outside local development (what log collectors parse), readable lines
    /// locally; scopes on in both so request and run ids travel with every entry.
    /// </summary>
    public static ILoggingBuilder AddEngageConsole(this ILoggingBuilder logging)
    {
        logging.AddConsole();
        logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "O";

            // Logs are not HTML: keep '+', quotes and non-ASCII readable instead of \uXXXX.
            o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
        logging.AddSimpleConsole(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        // AddJsonConsole and AddSimpleConsole each select their own formatter; the host settings decide.
        logging.Services.AddOptions<ConsoleLoggerOptions>()
            .Configure<IOptions<FunctionsHostOptions>>((console, host) =>
                console.FormatterName = host.Value.IsLocalDevelopment ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Json);

        // The framework's per-request chatter duplicates RequestLoggingMiddleware. Hosting's "Request starting"
        // lines carry the query string, which may hold a function key, so they stay off even when someone
        // turns Microsoft.AspNetCore back up.
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return logging;
    }
}
