namespace Engage.Storage.Tables;

public enum TableUpdateMode
{
    /// <summary>Adds and overwrites the properties sent; leaves the others as they are.</summary>
    Merge,

    /// <summary>Replaces the whole entity: properties not sent are removed.</summary>
    Replace,
}
