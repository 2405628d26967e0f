using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Hosting;
using Engage.Functions.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Engage.Functions.Tests.Identity;

public sealed class CallerIdentityTests
{
    [Fact]
    public void The_app_service_principal_names_the_user_and_the_roles()
    {
        var request = Request((CallerIdentity.PrincipalHeader, Principal("jordan@contoso.com", "admin", "csm")));

        Assert.True(Identity(development: false).TryRead(request, out var caller, out _));

        Assert.Equal("jordan@contoso.com", caller.UserId);
        Assert.True(caller.IsAdmin);
        Assert.Contains("csm", caller.Roles);
    }

    [Fact]
    public void Without_a_principal_outside_development_the_caller_is_refused_with_401()
    {
        var request = Request((CallerIdentity.DevelopmentUserHeader, "mallory@contoso.com"));

        Assert.False(Identity(development: false).TryRead(request, out _, out var problem));

        Assert.Equal(StatusCodes.Status401Unauthorized, problem!.StatusCode);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("eyJub3QiOiJjbGFpbXMifQ")]
    [InlineData("W10=")]
    public void A_principal_that_is_not_one_is_not_a_user(string header)
    {
        Assert.False(Identity(development: false).TryRead(Request((CallerIdentity.PrincipalHeader, header)), out _, out var problem));
        Assert.Equal(StatusCodes.Status401Unauthorized, problem!.StatusCode);
    }

    [Fact]
    public void In_development_the_header_names_the_user_without_admin_unless_given()
    {
        var request = Request((CallerIdentity.DevelopmentUserHeader, "sam@engage.demo"));

        Assert.True(Identity(development: true).TryRead(request, out var caller, out _));

        Assert.Equal("sam@engage.demo", caller.UserId);
        Assert.False(caller.IsAdmin);
        Assert.True(caller.MaySee("SAM@engage.demo"));
        Assert.False(caller.MaySee("alex@engage.demo"));
        Assert.False(caller.MaySee(null));
    }

    [Fact]
    public void In_development_a_request_without_the_header_is_the_development_admin()
    {
        Assert.True(Identity(development: true).TryRead(Request(), out var caller, out _));

        Assert.Equal(CallerIdentity.DefaultDevelopmentUser, caller.UserId);
        Assert.True(caller.IsAdmin);
        Assert.True(caller.MaySee("anyone@engage.demo"));
    }

    private static CallerIdentity Identity(bool development) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [FunctionsEnvironment.Setting] = development ? FunctionsEnvironment.Development : "Production" })
        .Build());

    private static HttpRequest Request(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }

    private static string Principal(string name, params string[] roles)
    {
        var claims = new JsonArray { new JsonObject { ["typ"] = "preferred_username", ["val"] = name } };
        foreach (var role in roles)
        {
            claims.Add(new JsonObject { ["typ"] = "roles", ["val"] = role });
        }

        var principal = new JsonObject { ["auth_typ"] = "aad", ["name_typ"] = "preferred_username", ["role_typ"] = "roles", ["claims"] = claims };
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(principal.ToJsonString()));
    }
}
