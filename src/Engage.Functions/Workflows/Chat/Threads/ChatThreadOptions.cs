using Engage.Functions.Hosting;

namespace Engage.Functions.Workflows.Chat.Threads;

/// <summary>The chat threads' settings (docs/configuration.md#workflow-chat), read once at start.</summary>
/// <param name="IdleAfter">How long an open thread may go without activity before the idle timer closes it.</param>
/// <param name="TurnTimeout">How long one turn (the replier's answer, tools included) may take before it counts as failed.</param>
public sealed record ChatThreadOptions(TimeSpan IdleAfter, TimeSpan TurnTimeout)
{
    public const string IdleHoursSetting = "CHAT_IDLE_HOURS";
    public const string TurnTimeoutSetting = "CHAT_TURN_TIMEOUT_SECONDS";

    /// <summary>Time to store a turn's reply after the replier answered; a turn older than timeout + margin is abandoned.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a send holds its Idempotency-Key and its thread's <c>replying</c> status: longer than any turn can
    /// take, so neither is taken over while the turn may still store its reply.
    /// </summary>
    public TimeSpan TurnLease => TurnTimeout + Margin;

    public static ChatThreadOptions From(IConfiguration configuration) => new(
        TimeSpan.FromHours(SettingReader.WholeNumber(configuration, IdleHoursSetting, 24, 1, 24 * 365)),
        TimeSpan.FromSeconds(SettingReader.WholeNumber(configuration, TurnTimeoutSetting, 120, 5, 900)));
}
