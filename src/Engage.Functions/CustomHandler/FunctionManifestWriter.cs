using System.Text.Json;

namespace Engage.Functions.CustomHandler;

/// <summary>Writes the functions as the host reads them: a folder per function, named after it, holding its <c>function.json</c>.</summary>
public static class FunctionManifestWriter
{
    public const string FileName = "function.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Also removes the folders of functions that no longer exist, so publishing again into the same folder
    /// cannot leave a function behind that the app no longer serves.
    /// </summary>
    public static void Write(IReadOnlyCollection<FunctionDefinition> functions, string directory)
    {
        Directory.CreateDirectory(directory);
        var names = functions.Select(f => f.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var stale in Directory.EnumerateDirectories(directory)
            .Where(d => File.Exists(Path.Combine(d, FileName)) && !names.Contains(Path.GetFileName(d))))
        {
            Directory.Delete(stale, recursive: true);
        }

        foreach (var function in functions)
        {
            var folder = Directory.CreateDirectory(Path.Combine(directory, function.Name));
            File.WriteAllText(Path.Combine(folder.FullName, FileName), function.ToFunctionJson().ToJsonString(Indented) + "\n");
        }
    }
}
