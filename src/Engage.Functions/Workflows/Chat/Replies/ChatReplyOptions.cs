using Engage.Functions.Hosting;

namespace Engage.Functions.Workflows.Chat.Replies;

/// <summary>How long a chat turn waits on the LLM's stream, and how the local responder paces its words (docs/workflow-chat-llm.md).</summary>
public sealed class ChatReplyOptions
{
    public const string FirstTokenSetting = "CHAT_FIRST_TOKEN_SECONDS";
    public const string StreamIdleSetting = "CHAT_STREAM_IDLE_SECONDS";
    public const string LocalTokenDelaySetting = "CHAT_LOCAL_TOKEN_DELAY_MS";

    /// <summary>Model → tools → model rounds in one turn; the last round offers no tools, so the turn ends with words.</summary>
    public const int MaxToolRounds = 4;

    /// <summary>From the request to the first chunk of each model call: a CSM is waiting, so far less than a batch call's timeout.</summary>
    public TimeSpan FirstTokenTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Between two chunks of a stream: a stream that stalls mid-way fails the call, and the fallback answers.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Between two words of the local responder, so that the offline demo streams visibly; 0 in tests.</summary>
    public TimeSpan LocalTokenDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <exception cref="InvalidOperationException">A setting has a value the chat cannot use.</exception>
    public static ChatReplyOptions From(IConfiguration configuration)
    {
        var defaults = new ChatReplyOptions();
        return new ChatReplyOptions
        {
            // From 0.1 s, so tests can make a stalled stream fail in a fraction of a second.
            FirstTokenTimeout = SettingReader.Seconds(configuration, FirstTokenSetting, defaults.FirstTokenTimeout, min: 0.1, max: 600),
            StreamIdleTimeout = SettingReader.Seconds(configuration, StreamIdleSetting, defaults.StreamIdleTimeout, min: 0.1, max: 600),
            LocalTokenDelay = TimeSpan.FromMilliseconds(
                SettingReader.WholeNumber(configuration, LocalTokenDelaySetting, (int)defaults.LocalTokenDelay.TotalMilliseconds, min: 0, max: 1000)),
        };
    }
}
