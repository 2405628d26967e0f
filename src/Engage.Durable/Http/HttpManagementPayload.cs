using System.Text.Json.Serialization;

namespace Engage.Durable.Http;

/// <summary>
/// The management links of one instance, named as Durable Functions' HttpManagementPayload. Links for
/// operations the engine does not implement (suspend, resume, rewind, restart) are left out rather
/// than pointing at routes that do not exist. Names are pinned so a starter can merge the links into
/// its own JSON body whatever its serializer's naming policy.
/// </summary>
public sealed record HttpManagementPayload(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("statusQueryGetUri")] string StatusQueryGetUri,
    [property: JsonPropertyName("sendEventPostUri")] string SendEventPostUri,
    [property: JsonPropertyName("terminatePostUri")] string TerminatePostUri,
    [property: JsonPropertyName("purgeHistoryDeleteUri")] string PurgeHistoryDeleteUri);
