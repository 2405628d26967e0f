using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Engage.Functions.Identity;

namespace Engage.Functions.Tests.Workflows;

/// <summary>
/// Calls the workflow routes as one user (the local host's development header), or as the default development admin
/// when <see cref="User"/> is null.
/// </summary>
public sealed class WorkflowsClient(HttpClient http, string? user = null, params string[] roles)
{
    public HttpClient Http { get; } = http;

    public string? User { get; } = user;

    public WorkflowsClient As(string user, params string[] roles) => new(Http, user, roles);

    /// <summary>A request as this client's user (or the admin), for a caller that sends and reads it itself (a stream, say).</summary>
    /// <param name="body">A JSON node, a string sent as it is, or null for no body.</param>
    public HttpRequestMessage NewRequest(HttpMethod method, string path, object? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var text = body is string raw ? raw : ((JsonNode)body).ToJsonString();
            request.Content = new StringContent(text, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        if (User is not null)
        {
            request.Headers.Add(CallerIdentity.DevelopmentUserHeader, User);
            if (roles.Length > 0)
            {
                request.Headers.Add(CallerIdentity.DevelopmentRolesHeader, string.Join(',', roles));
            }
        }

        return request;
    }

    public Task<WorkflowResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<WorkflowResponse> PostAsync(string path, object? body, string? idempotencyKey = null, string? ifMatch = null) =>
        SendAsync(HttpMethod.Post, path, body, idempotencyKey, ifMatch);

    public Task<WorkflowResponse> PatchAsync(string path, object? body, string? idempotencyKey = null, string? ifMatch = null) =>
        SendAsync(HttpMethod.Patch, path, body, idempotencyKey, ifMatch);

    public Task<WorkflowResponse> DeleteAsync(string path, string? idempotencyKey = null, string? ifMatch = null) =>
        SendAsync(HttpMethod.Delete, path, null, idempotencyKey, ifMatch);

    /// <param name="body">A JSON node, a string sent as it is, or null for no body.</param>
    public async Task<WorkflowResponse> SendAsync(HttpMethod method, string path, object? body = null, string? idempotencyKey = null, string? ifMatch = null, string contentType = "application/json")
    {
        using var request = NewRequest(method, path, body, contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await Http.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return new WorkflowResponse(response, content.Length == 0 ? null : JsonNode.Parse(content));
    }
}

/// <summary>A response with its JSON body read (null when empty).</summary>
public sealed record WorkflowResponse(HttpResponseMessage Message, JsonNode? Body) : IDisposable
{
    public System.Net.HttpStatusCode Status => Message.StatusCode;

    public string? ETag => Message.Headers.ETag?.ToString();

    public JsonObject Json => Body as JsonObject ?? throw new InvalidOperationException($"{(int)Status}: expected a JSON object, got {Body?.ToJsonString() ?? "nothing"}");

    public void Dispose() => Message.Dispose();
}
