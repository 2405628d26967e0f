using Microsoft.Azure.Functions.Worker;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>
/// Closes open threads idle longer than <see cref="ChatThreadOptions.IdleAfter"/> (<c>thread_closed</c>); a closed
/// thread takes no message until it is reopened. A thread written meanwhile is not idle and is left open.
/// </summary>
public sealed partial class ChatIdleCloser(ChatThreadStore store, ChatThreadOptions options, TimeProvider timeProvider, ILogger<ChatIdleCloser> logger)
{
    /// <summary>Closes the idle threads; answers how many.</summary>
    public async Task<int> CloseIdleAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var cutoff = now - options.IdleAfter;
        var closed = 0;
        await foreach (var id in store.IdleAsync(cutoff, cancellationToken))
        {
            if (await store.FindAsync(id, cancellationToken) is not { State.Status: ChatStatus.Open } thread || thread.State.LastActivityAt >= cutoff)
            {
                continue;
            }

            try
            {
                var reason = $"Idle since {thread.State.LastActivityAt:O}, more than {options.IdleAfter.TotalHours:0} h.";
                await store.CommitAsync(thread, [new ChatEvent(ChatEventTypes.ThreadClosed, now, ChatSession.SystemActor, reason, null)], [], cancellationToken);
                closed++;
            }
            catch (ChatStateConflictException)
            {
                // A message arrived meanwhile: the thread is not idle.
            }
        }

        LogClosed(closed, options.IdleAfter.TotalHours);
        return closed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chat idle threads: {Closed} threads idle more than {Hours} h closed")]
    private partial void LogClosed(int closed, double hours);
}

/// <summary>On <c>CHAT_IDLE_CRON</c> (hourly by default): closes the chat threads idle for more than <c>CHAT_IDLE_HOURS</c>.</summary>
public sealed class ChatIdleThreadsTimer(ChatIdleCloser closer)
{
    public const string FunctionName = "ChatIdleThreads";
    public const string ScheduleSetting = "CHAT_IDLE_CRON";

    [Function(FunctionName)]
    public Task RunAsync([TimerTrigger("%" + ScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken) =>
        closer.CloseIdleAsync(cancellationToken);
}
