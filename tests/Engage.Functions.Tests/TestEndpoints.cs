using Engage.Functions.Http;
using Engage.Functions.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Engage.Functions.Tests;

/// <summary>Endpoints that exist only in tests, mapped through the same module hook features use.</summary>
public sealed class TestEndpoints : IEndpointModule
{
    public const string SecretMessage = "secret internal detail 7f3a";

    public void MapEndpoints(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/test/function", () => "function");
        routes.MapGet("/api/test/admin", () => "admin").WithAuthLevel(AuthorizationLevel.Admin);
        routes.MapGet("/api/test/anonymous", () => "anonymous").WithAuthLevel(AuthorizationLevel.Anonymous);
        routes.MapGet("/api/test/attribute", [AuthLevel(AuthorizationLevel.Anonymous)] () => "attribute");

        var group = routes.MapGroup("/api/test/group").WithAuthLevel(AuthorizationLevel.Admin);
        group.MapGet("/admin", () => "group admin");
        group.MapGet("/open", () => "group open").WithAuthLevel(AuthorizationLevel.Anonymous);
        routes.MapGet("/api/test/throw", string () => throw new InvalidOperationException(SecretMessage))
            .WithAuthLevel(AuthorizationLevel.Anonymous);
        routes.MapPost("/api/test/echo", (EchoRequest request) => request).WithAuthLevel(AuthorizationLevel.Anonymous);
        routes.MapGet("/api/test/invalid", () => Problems.Validation("domain is required"))
            .WithAuthLevel(AuthorizationLevel.Anonymous);
        routes.MapGet("/api/test/invalid-field", () => Problems.Validation(
                "The request has invalid fields.",
                new Dictionary<string, string[]> { ["domain"] = ["must be a host name"] }))
            .WithAuthLevel(AuthorizationLevel.Anonymous);
    }

    public sealed record EchoRequest(string Name, int Count);
}
