using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using Engage.Functions.Storage;

namespace Engage.Functions.Health;

/// <summary>Lists at most one table: the cheapest call that proves the account answers and accepts the credentials.</summary>
public sealed partial class TableStorageProbe : IHealthProbe
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly TableServiceClient _tables;
    private readonly TimeProvider _time;
    private readonly ILogger<TableStorageProbe> _logger;

    public TableStorageProbe(StorageConnection storage, TimeProvider time, ILogger<TableStorageProbe> logger)
    {
        _time = time;
        _logger = logger;
        // No retries: health should report the state now, not after the back-off of a retry policy.
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.MaxRetries = 0;
        clientOptions.Retry.NetworkTimeout = Timeout;
        _tables = storage.CreateTableServiceClient(clientOptions);
    }

    public string Group => "storage";

    public string Name => "tables";

    public async Task<ProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _time.GetTimestamp();
        try
        {
            await foreach (var _ in _tables.QueryAsync(maxPerPage: 1, cancellationToken: linked.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return ProbeResult.Healthy(_time.GetElapsedTime(started));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = Describe(e, timeout.IsCancellationRequested);
            LogFailed(e, reason);
            return ProbeResult.Unhealthy(_time.GetElapsedTime(started), reason);
        }
    }

    private static string Describe(Exception exception, bool timedOut)
    {
        if (timedOut || exception is TimeoutException || exception.InnerException is TimeoutException)
        {
            return $"no answer within {Timeout.TotalSeconds:0} s";
        }

        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return $"unreachable ({socket.SocketErrorCode})";
            }
        }

        return exception is RequestFailedException { Status: > 0 } failed
            ? $"table service answered {failed.Status}{(failed.ErrorCode is { } code ? " " + code : string.Empty)}"
            : $"unreachable ({exception.GetType().Name})";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Table storage health probe failed: {Reason}")]
    private partial void LogFailed(Exception exception, string reason);
}
