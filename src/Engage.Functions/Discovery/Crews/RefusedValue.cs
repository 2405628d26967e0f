namespace Engage.Functions.Discovery.Crews;

internal static class RefusedValue
{
    /// <summary>Enough of a refused value to recognise it, without echoing a long or odd value whole.</summary>
    public static string Shown(string? value, int maxLength) =>
        value is null ? string.Empty : new string(value.Take(maxLength).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
