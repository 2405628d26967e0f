namespace Engage.Functions.Keys;

/// <summary>Who may call an endpoint; the same three levels as a function.json <c>authLevel</c>.</summary>
public enum AuthorizationLevel
{
    /// <summary>No key needed.</summary>
    Anonymous,

    /// <summary>A function key or the admin key. The default for endpoints that declare nothing.</summary>
    Function,

    /// <summary>The admin key only.</summary>
    Admin,
}
