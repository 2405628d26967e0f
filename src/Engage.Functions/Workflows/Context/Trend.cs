namespace Engage.Functions.Workflows.Context;

/// <summary>Which way a figure went: <c>up</c>, <c>down</c> or <c>flat</c>; null when either side is unknown.</summary>
public static class Trend
{
    public const string Up = "up";
    public const string Down = "down";
    public const string Flat = "flat";

    public static string? Between(double? before, double? after) => (before, after) switch
    {
        ({ } b, { } a) when a > b => Up,
        ({ } b, { } a) when a < b => Down,
        ({ }, { }) => Flat,
        _ => null,
    };
}
