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
            error = $"table '{RefusedValue.Shown(name, 40)}' is not allowed: table names must match ^[a-z0-9_]+$ (at most 63 characters)";
            return false;
        }

        table = new SourceTableName(name);
        error = string.Empty;
        return true;
    }

    public override string ToString() => Name;

    // \z, not $: $ also matches before a final line break, which would then reach the SQL.
    [GeneratedRegex(@"\A[a-z0-9_]+\z")]
    private static partial Regex Pattern();
}
