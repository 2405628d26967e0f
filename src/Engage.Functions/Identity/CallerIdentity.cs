using System.Buffers.Text;
using System.Text.Json;
using Engage.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Engage.Functions.Identity;

/// <summary>
/// Reads who is calling. On Azure, App Service authentication signs the user in and passes the principal in
/// <c>x-ms-client-principal</c> (base64 JSON of claims), replacing any such header a client sent. Under local
/// development (<c>AZURE_FUNCTIONS_ENVIRONMENT=Development</c>) the development header <c>x-engage-user</c> names the
/// user (with <c>x-engage-roles</c>, comma separated), and a request without it is <c>ENGAGE_DEV_USER</c>, an admin,
/// so the demo works with plain curl. See docs/workflow-callers.md.
/// </summary>
public sealed class CallerIdentity(IConfiguration configuration)
{
    public const string PrincipalHeader = "x-ms-client-principal";
    public const string DevelopmentUserHeader = "x-engage-user";
    public const string DevelopmentRolesHeader = "x-engage-roles";
    public const string DevelopmentUserSetting = "ENGAGE_DEV_USER";
    public const string DefaultDevelopmentUser = "admin@engage.local";
    private const int MaxPrincipalLength = 16 * 1024;

    private readonly bool _development = FunctionsEnvironment.IsDevelopment(configuration);
    private readonly string _developmentUser = SettingReader.Text(configuration[DevelopmentUserSetting]) ?? DefaultDevelopmentUser;

    /// <summary>The caller, or false with the 401 to answer.</summary>
    public bool TryRead(HttpRequest request, out Caller caller, out ProblemHttpResult? problem)
    {
        problem = null;
        caller = null!;
        if (request.Headers.TryGetValue(PrincipalHeader, out var principal) && TryDecode(principal.ToString(), out caller))
        {
            return true;
        }

        if (_development)
        {
            caller = FromDevelopmentHeaders(request);
            return true;
        }

        problem = TypedResults.Problem(
            detail: "This route needs a signed-in user; sign in through the app's App Service authentication.",
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Not signed in.");
        return false;
    }

    private Caller FromDevelopmentHeaders(HttpRequest request)
    {
        var user = SettingReader.Text(request.Headers[DevelopmentUserHeader].ToString());
        if (user is null)
        {
            return new Caller(_developmentUser, new HashSet<string>([Caller.AdminRole], StringComparer.OrdinalIgnoreCase));
        }

        var roles = request.Headers[DevelopmentRolesHeader].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new Caller(user, new HashSet<string>(roles, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The App Service principal: <c>{auth_typ, name_typ, role_typ, claims: [{typ, val}]}</c>. The user id is the
    /// name claim (the sign-in name, as owners are assigned), the roles the role claims.
    /// </summary>
    private static bool TryDecode(string header, out Caller caller)
    {
        caller = null!;
        if (header.Length is 0 or > MaxPrincipalLength)
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(Base64.IsValid(header) ? Convert.FromBase64String(header) : Base64Url.DecodeFromChars(header));
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var nameType = root.TryGetProperty("name_typ", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "name";
            var roleType = root.TryGetProperty("role_typ", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "roles";
            string? user = null;
            var roles = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (root.TryGetProperty("claims", out var claims) && claims.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in claims.EnumerateArray())
                {
                    if (claim.ValueKind != JsonValueKind.Object
                        || !claim.TryGetProperty("typ", out var type) || type.ValueKind != JsonValueKind.String
                        || !claim.TryGetProperty("val", out var value) || value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    if (type.GetString() == nameType)
                    {
                        user ??= SettingReader.Text(value.GetString());
                    }
                    else if (type.GetString() == roleType && SettingReader.Text(value.GetString()) is { } role)
                    {
                        roles.Add(role);
                    }
                }
            }

            if (user is null)
            {
                return false;
            }

            caller = new Caller(user, roles);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }
}
