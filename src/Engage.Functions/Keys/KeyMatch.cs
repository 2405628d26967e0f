namespace Engage.Functions.Keys;

/// <summary>Which configured key a presented key turned out to be.</summary>
public enum KeyMatch
{
    None,
    Function,
    Admin,
}
