using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engage.Functions.Workflows.Actions;

/// <summary>The recipients of an email: one address or a list of them, each of the plain <c>name@domain</c> form.</summary>
public static class EmailRecipients
{
    public const int MaxRecipients = 50;
    private const int MaxAddressLength = 254;

    /// <summary>The addresses in <paramref name="value"/> (a string or an array of strings); false with what is wrong.</summary>
    public static bool TryRead(JsonNode? value, out IReadOnlyList<string> addresses, out string error)
    {
        addresses = [];
        var items = value switch
        {
            JsonArray array => [.. array],
            JsonValue single => new List<JsonNode?> { single },
            _ => null,
        };
        if (items is not { Count: > 0 and <= MaxRecipients } || items.Any(i => i?.GetValueKind() != JsonValueKind.String))
        {
            error = $"must be an email address or a list of 1 to {MaxRecipients} of them.";
            return false;
        }

        var read = items.Select(i => i!.GetValue<string>().Trim()).ToList();
        if (read.FirstOrDefault(a => !IsAddress(a)) is { } wrong)
        {
            error = $"holds '{(wrong.Length > 60 ? wrong[..60] + "…" : wrong)}', which is not an email address like name@example.com.";
            return false;
        }

        addresses = read;
        error = string.Empty;
        return true;
    }

    private static bool IsAddress(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return address.Length <= MaxAddressLength
            && at > 0 && at == address.LastIndexOf('@') && at < address.Length - 1
            && address.AsSpan(at + 1).Contains('.')
            && !address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }
}
