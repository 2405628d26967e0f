using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json;

namespace Engage.LocalHost.Functions;

/// <summary>
/// The app's functions, read from its <c>functions.metadata</c> and matched to their compiled methods, as the
/// Functions host indexes a dotnet-isolated app. A function whose trigger the local host cannot run, or whose
/// method cannot be found, stops the start with a message naming it.
/// </summary>
public sealed class FunctionCatalog
{
    public const string FileName = "functions.metadata";

    private FunctionCatalog(IReadOnlyList<LocalFunction> functions) => Functions = functions;

    public IReadOnlyList<LocalFunction> Functions { get; }

    public IEnumerable<LocalFunction> WithTrigger(string type) => Functions.Where(f => f.Trigger.Is(type));

    /// <exception cref="InvalidOperationException">The catalogue is missing, unreadable or names what the host cannot run.</exception>
    public static FunctionCatalog Load(string appRoot)
    {
        var path = Path.Combine(appRoot, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: the app folder is not a built isolated-worker Functions app.");
        }

        List<FunctionMetadata> entries;
        try
        {
            entries = JsonSerializer.Deserialize<List<FunctionMetadata>>(File.ReadAllText(path), BindingTypes.Json) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{path} is not a functions.metadata catalogue: {e.Message}", e);
        }

        return new FunctionCatalog(entries.Select(entry => Resolve(appRoot, entry)).ToList());
    }

    private static LocalFunction Resolve(string appRoot, FunctionMetadata entry)
    {
        if (!BindingTypes.Triggers.Contains(entry.Trigger.Type))
        {
            throw new InvalidOperationException($"Function {entry.Name} has a {entry.Trigger.Type}, which the local host does not run.");
        }

        var assembly = LoadAssembly(entry.ScriptFile);
        var split = entry.EntryPoint.LastIndexOf('.');
        var type = split > 0 ? assembly.GetType(entry.EntryPoint[..split]) : null;
        var methods = type?.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == entry.EntryPoint[(split + 1)..])
            .ToList() ?? [];
        if (methods.Count != 1)
        {
            throw new InvalidOperationException($"Function {entry.Name}: {entry.EntryPoint} names {methods.Count} public methods in {entry.ScriptFile}, not one.");
        }

        return new LocalFunction(entry, methods[0], Path.Combine(appRoot, entry.ScriptFile));
    }

    /// <summary>The app's assembly as this process resolves it: the host references the app, so it is the same build.</summary>
    private static Assembly LoadAssembly(string scriptFile) =>
        AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(Path.GetFileNameWithoutExtension(scriptFile)));
}
