using System.Text.Json;

namespace Engage.Functions.CustomHandler;

/// <summary>
/// The body of a non-HTTP invocation: <c>Data</c>, the trigger and input values by binding name, and
/// <c>Metadata</c>, the trigger's metadata (a queue message's <c>DequeueCount</c>, say) plus <c>sys</c>.
/// </summary>
public sealed class InvocationPayload
{
    private readonly JsonElement _data;
    private readonly JsonElement _metadata;

    private InvocationPayload(JsonElement data, JsonElement metadata)
    {
        _data = data;
        _metadata = metadata;
    }

    /// <summary>The payload, or null when the body is not a JSON object.</summary>
    public static async Task<InvocationPayload?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonElement root;
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return new InvocationPayload(Section(root, "Data"), Section(root, "Metadata"));
    }

    public bool TryGetData(string bindingName, out JsonElement value) => InvocationValue.TryGetMember(_data, bindingName, out value);

    public bool TryGetMetadata(string name, out JsonElement value) => InvocationValue.TryGetMember(_metadata, name, out value);

    /// <summary>The host's clock at the invocation (<c>Metadata.sys.UtcNow</c>), if it sent it.</summary>
    public DateTimeOffset? HostUtcNow =>
        TryGetMetadata("sys", out var sys) && InvocationValue.ReadObject(sys) is { } system
        && InvocationValue.TryGetMember(system, "UtcNow", out var now)
            ? InvocationValue.ReadTime(now)
            : null;

    private static JsonElement Section(JsonElement root, string name) =>
        InvocationValue.TryGetMember(root, name, out var section) && InvocationValue.ReadObject(section) is { } value ? value : default;
}
