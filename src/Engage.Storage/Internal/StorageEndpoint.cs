namespace Engage.Storage.Internal;

internal static class StorageEndpoint
{
    /// <summary>
    /// The account of an Azure endpoint (<c>acct.table.core.windows.net</c>,
    /// <c>acct.queue.core.windows.net</c>) or of an emulator path, which names it first.
    /// </summary>
    public static string AccountNameOf(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var path = endpoint.AbsolutePath.Trim('/');
        return path.Length > 0 ? path.Split('/')[0] : endpoint.Host.Split('.')[0];
    }
}
