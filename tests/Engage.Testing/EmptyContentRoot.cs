namespace Engage.Testing;

/// <summary>
/// A folder with no local.settings.json, for the content root of a host under test or bench, so what a developer keeps
/// in their own settings cannot change a result. One per process, deleted when the process ends.
/// </summary>
public static class EmptyContentRoot
{
    public static string Path { get; } = Create();

    private static string Create()
    {
        var folder = Directory.CreateTempSubdirectory("engage-content-root-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Delete(recursive: true);
        return folder.FullName;
    }
}
