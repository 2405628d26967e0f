using System.Text.RegularExpressions;

namespace Engage.Functions.Discovery.Crews;

/// <summary>
/// A chat-history table name: the only identifier Engage ever puts into SQL, so it must match
/// <c>^[a-z0-9_]+$</c> and is always used quoted.
/// </summary>
public sealed partial class SourceTableName
{
    private SourceTableName(string name) => Name = name;

    public string Name { get; }

    public string Quoted => $"\"{Name}\"";

    public static bool TryCreate(string? name, out SourceTableName table, out string error)
    {
        table = null!;
        if (string.IsNullOrEmpty(name) || name.Length > 63 || !Pattern().IsMatch(name))
        {
            error = $"table '{Shown(name)}' is not allowed: table names must match ^[a-z0-9_]+$ (at most 63 characters)";
            return false;
        }

        table = new SourceTableName(name);
        error = string.Empty;
        return true;
    }

    public override string ToString() => Name;

    /// <summary>Enough of a refused name to recognise it, without echoing a long or odd value whole.</summary>
    private static string Shown(string? name) =>
        name is null ? string.Empty : new string(name.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex Pattern();
}
