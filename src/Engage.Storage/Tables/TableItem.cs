namespace Engage.Storage.Tables;

/// <summary>A table of the account.</summary>
public sealed class TableItem(string name)
{
    public string Name { get; } = name;
}
