using System.Security.Cryptography;

namespace Engage.Functions.WebConsole;

/// <summary>
/// The console's static files, embedded in this assembly (logical names <c>console/…</c>), so the app serves them
/// itself on Azure and under the local host alike: no CDN, no separate static site, nothing downloaded at run time.
/// Read once; each with its content type and an ETag of its bytes.
/// </summary>
public sealed class ConsoleAssets
{
    public const string ResourcePrefix = "console/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    private readonly Dictionary<string, ConsoleAsset> _assets = new(StringComparer.Ordinal);

    public ConsoleAssets()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var path = name[ResourcePrefix.Length..];
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
            _assets[path] = new ConsoleAsset(bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
        }
    }

    /// <summary>The file at <paramref name="path"/> (relative, <c>/</c>-separated); the page itself for an empty path.</summary>
    public ConsoleAsset? Find(string path) => _assets.GetValueOrDefault(path.Length == 0 ? "index.html" : path);
}

public sealed record ConsoleAsset(byte[] Content, string ContentType, string ETag);
