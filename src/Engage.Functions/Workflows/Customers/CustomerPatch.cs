using System.Text.Json.Nodes;
using Engage.Functions.Identity;

namespace Engage.Functions.Workflows.Customers;

/// <summary>
/// A JSON merge patch (RFC 7396) of a customer's writable fields, read and checked before anything is written: a
/// field given is set, <c>null</c> clears it, a field left out keeps its value; <c>accountTeam</c> and <c>usage</c>
/// are patched member by member. A create is the same patch applied to an empty customer, with name and domain
/// required. Errors are collected per field (<c>usage.utilization</c>), so one answer names them all.
/// </summary>
public sealed class CustomerPatch
{
    /// <summary>Fields the API shows but Engage keeps: derived by the rules, or the record's own bookkeeping.</summary>
    public static readonly IReadOnlyList<string> ReadOnlyFields = ["id", "accountPlan", "renewalStage", "version", "createdAt", "updatedAt"];

    private readonly List<Action<Customer>> _changes = [];
    private readonly HashSet<string> _fields = new(StringComparer.Ordinal);

    private CustomerPatch()
    {
    }

    /// <summary>The fields the patch sets, as paths (<c>name</c>, <c>accountTeam.csm</c>).</summary>
    public IReadOnlySet<string> Fields => _fields;

    public bool Sets(string field) => _fields.Contains(field);

    /// <summary>Reads <paramref name="body"/>; false with the errors per field when any field is unknown, read-only or invalid.</summary>
    public static bool TryRead(JsonObject body, out CustomerPatch patch, out Dictionary<string, string[]> errors)
    {
        patch = new CustomerPatch();
        var reader = new CustomerFieldReader();
        foreach (var (name, node) in body)
        {
            if (CustomerFields.Groups.Contains(name))
            {
                patch.ReadGroup(reader, name, node);
            }
            else if (name.Contains('.', StringComparison.Ordinal))
            {
                reader.Fail(name, NotAField(name));
            }
            else
            {
                patch.ReadField(reader, name, node);
            }
        }

        errors = reader.Errors;
        return errors.Count == 0;
    }

    /// <summary>Whether every error is a read-only field sent (a 422), rather than input that is wrong in itself (a 400).</summary>
    public static bool OnlyReadOnly(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count > 0 && errors.Keys.All(ReadOnlyFields.Contains);

    /// <summary>The errors in one sentence each, for a problem's detail or an import row's.</summary>
    public static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join(" ", errors.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => e.Value));

    /// <summary>
    /// Whether <paramref name="caller"/>, not being an admin, would have the patch give the customer an owner other
    /// than <paramref name="owner"/> (themselves for a new customer, the current owner otherwise): only admins assign owners.
    /// </summary>
    public bool AssignsOwnerWithoutRight(Caller caller, string? owner) => !caller.IsAdmin && Sets("owner") && Draft().Owner != owner;

    /// <summary>The patch applied to an empty customer: the values it sets, to check them before applying it.</summary>
    public Customer Draft()
    {
        var draft = new Customer();
        ApplyTo(draft);
        return draft;
    }

    public void ApplyTo(Customer customer)
    {
        foreach (var change in _changes)
        {
            change(customer);
        }
    }

    private static string NotAField(string name) =>
        $"{name} is not a customer field; the writable fields are {string.Join(", ", CustomerFields.TopLevelNames)}.";

    private void ReadField(CustomerFieldReader reader, string path, JsonNode? node)
    {
        if (ReadOnlyFields.Contains(path))
        {
            reader.Fail(path, $"{path} is kept by Engage ({(path is "accountPlan" or "renewalStage" ? "derived by the customer rules" : "the record's own")}) and cannot be written.");
            return;
        }

        if (!CustomerFields.ByPath.TryGetValue(path, out var field))
        {
            reader.Fail(path, NotAField(path));
            return;
        }

        if (field.Read(reader, path, node) is { } change)
        {
            _fields.Add(path);
            _changes.Add(change);
        }
    }

    /// <summary><c>accountTeam</c> or <c>usage</c>: null clears each member, an object patches the members it names.</summary>
    private void ReadGroup(CustomerFieldReader reader, string group, JsonNode? node)
    {
        switch (node)
        {
            case null:
                foreach (var member in CustomerFields.MembersOf(group))
                {
                    ReadField(reader, member, null);
                }

                break;
            case JsonObject members:
                foreach (var (name, value) in members)
                {
                    var path = $"{group}.{name}";
                    if (CustomerFields.ByPath.ContainsKey(path))
                    {
                        ReadField(reader, path, value);
                    }
                    else
                    {
                        reader.Fail(path, $"{path} is not a customer field; {group} has {string.Join(", ", CustomerFields.MembersOf(group).Select(m => m[(group.Length + 1)..]))}.");
                    }
                }

                break;
            default:
                reader.Fail(group, $"{group} must be an object or null.");
                break;
        }
    }
}
