using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Engage.Functions.Llm;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Llm;

/// <summary>
/// A loopback server speaking the Chat Completions wire format of both services: OpenAI's
/// <c>POST /v1/chat/completions</c> (key as bearer token) and Azure OpenAI's
/// <c>POST /openai/deployments/{deployment}/chat/completions?api-version=…</c> (<c>api-key</c> header or an Entra ID
/// bearer token). Like the real services it refuses a wrong key or token (401), an unknown model or deployment
/// (404), an Azure call without api-version and a request without a strict json_schema response format (400);
/// otherwise it plays its script of replies, then <see cref="Default"/>. A request with <c>"stream": true</c> (the
/// chat's) is answered from a script of its own as server-sent events, <c>data: {chunk}</c> lines ending with
/// <c>data: [DONE]</c>: content deltas, tool calls in fragments (index, id, name, argument pieces), the usage chunk
/// when <c>stream_options.include_usage</c> asks for it, or a stream that stops sending mid-way.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-fake-5f2c9a7e1b";
    public const string Model = "gpt-4o-mini";

    /// <summary>The one Entra ID token the Azure route accepts as bearer.</summary>
    public const string EntraToken = "entra-id-token-for-tests";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly ConcurrentQueue<FakeReply> _streamScript = new();
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private readonly ConcurrentQueue<JsonObject> _streamRequests = new();
    private readonly ConcurrentQueue<FakeRequest> _received = new();
    private readonly X509Certificate2? _certificate;

    private FakeOpenAiServer(WebApplication app, X509Certificate2? certificate)
    {
        _app = app;
        _app.MapPost("/v1/chat/completions", (HttpRequest request) => AnswerAsync(request, deployment: null));
        _app.MapPost("/openai/deployments/{deployment}/chat/completions", (HttpRequest request, string deployment) => AnswerAsync(request, deployment));
        _certificate = certificate;
        if (certificate is not null)
        {
            var thumbprint = certificate.Thumbprint;
            Transport = new HttpClientPipelineTransport(new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
            }));
        }
    }

    /// <summary>The reply once the script is used up.</summary>
    public FakeReply Default { get; set; } = FakeReply.Analysis(SampleLists);

    /// <summary>The streamed reply once the stream script is used up.</summary>
    public FakeReply DefaultStream { get; set; } = FakeReply.Stream("Hello", " from", " the", " fake", " model.");

    /// <summary>The body of every request that passed the checks, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Requests => [.. _requests];

    /// <summary>The body of every streamed request that passed the checks, in arrival order.</summary>
    public IReadOnlyList<JsonObject> StreamRequests => [.. _streamRequests];

    /// <summary>Prompt and completion tokens each answer reports.</summary>
    public static (int Prompt, int Completion) Usage => (900, 120);

    /// <summary>The route and credentials of every request that reached the server, rejected or not, in arrival order.</summary>
    public IReadOnlyList<FakeRequest> Received => [.. _received];

    /// <summary>Every request that reached the server, rejected or not.</summary>
    public int RequestCount => _received.Count;

    /// <summary>The OpenAI-style API root, <c>…/v1/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The Azure OpenAI resource endpoint form: the root under which <c>openai/deployments/…</c> lives.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public static JsonObject SampleLists => new()
    {
        ["themes"] = new JsonArray("Warehouse data migration", "Nightly sync reliability"),
        ["goals"] = new JsonArray("Move all three regional warehouses onto the inventory platform by Q3."),
        ["challenges"] = new JsonArray("The nightly sync job fails when order volumes spike."),
        ["risks"] = new JsonArray("Finance froze new spend until the October renewal is signed."),
        ["recommendations"] = new JsonArray("Ship the sync job fix before the renewal conversation."),
    };

    /// <summary>With <c>https</c>, an SDK transport that trusts the server's self-signed certificate.</summary>
    public PipelineTransport? Transport { get; }

    /// <param name="https">TLS with a throw-away self-signed certificate, as bearer tokens from a credential need.</param>
    public static async Task<FakeOpenAiServer> StartAsync(bool https = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var certificate = https ? SelfSignedCertificate() : null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var server = new FakeOpenAiServer(builder.Build(), certificate);
        await server._app.StartAsync();
        server.Endpoint = new Uri(server._app.Urls.Single() + "/");
        server.BaseUrl = new Uri(server.Endpoint, "v1/");
        return server;
    }

    /// <summary>Settings that reach this server's route for <paramref name="apiType"/>, authenticated with <paramref name="apiKey"/>.</summary>
    public OpenAiSettings Settings(OpenAiApiType apiType = OpenAiApiType.OpenAi, string apiKey = ApiKey) => new()
    {
        ApiType = apiType,
        ApiKey = apiKey,
        BaseUrl = apiType == OpenAiApiType.Azure ? Endpoint : BaseUrl,
        Model = Model,
    };

    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>Replies to the next streamed requests, in order.</summary>
    public void EnqueueStream(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _streamScript.Enqueue(reply);
        }
    }

    /// <summary>The text of every message of a request, by role.</summary>
    public static string MessageText(JsonObject request, string role) => string.Concat(
        request["messages"]!.AsArray()
            .Where(m => (string?)m!["role"] == role)
            .Select(m => m!["content"] switch
            {
                JsonArray parts => string.Concat(parts.Select(p => (string?)p!["text"])),
                var content => (string?)content,
            }));

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();

        // Only now: Kestrel uses the certificate for every handshake while it runs.
        _certificate?.Dispose();
    }

    /// <param name="deployment">The Azure route's deployment; null on the OpenAI route.</param>
    private async Task<IResult> AnswerAsync(HttpRequest request, string? deployment)
    {
        var authorization = request.Headers.Authorization.ToString();
        var received = new FakeRequest(
            request.Path,
            request.Query.TryGetValue("api-version", out var version) ? version.ToString() : null,
            request.Headers.TryGetValue("api-key", out var key) ? key.ToString() : null,
            authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null);
        _received.Enqueue(received);
        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        if ((deployment is null ? Refusal(received, body) : AzureRefusal(received, deployment)) is { } refused)
        {
            return refused;
        }

        var streamed = body["stream"]?.GetValue<bool>() == true;
        if (streamed)
        {
            _streamRequests.Enqueue(body);
            return await StreamAsync(request.HttpContext, body, _streamScript.TryDequeue(out var scripted) ? scripted : DefaultStream);
        }

        var format = body["response_format"];
        if ((string?)format?["type"] != "json_schema" || format["json_schema"]?["strict"]?.GetValue<bool>() != true
            || format["json_schema"]?["schema"] is not JsonObject)
        {
            return Error(StatusCodes.Status400BadRequest, "invalid_request_error", "A strict json_schema response_format is required here.");
        }

        _requests.Enqueue(body);
        var reply = _script.TryDequeue(out var next) ? next : Default;
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, request.HttpContext.RequestAborted);
        }

        if (reply.Status != StatusCodes.Status200OK)
        {
            foreach (var (name, value) in reply.Headers)
            {
                request.HttpContext.Response.Headers[name] = value;
            }

            return Error(reply.Status, "server_error", "Scripted failure.");
        }

        return Results.Json(new JsonObject
        {
            ["id"] = $"chatcmpl-{RequestCount}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content, ["refusal"] = null },
                ["finish_reason"] = reply.FinishReason,
            }),
            ["usage"] = UsageJson(),
        });
    }

    private static JsonObject UsageJson() =>
        new() { ["prompt_tokens"] = Usage.Prompt, ["completion_tokens"] = Usage.Completion, ["total_tokens"] = Usage.Prompt + Usage.Completion };

    /// <summary>A reply as OpenAI streams it: <c>chat.completion.chunk</c> objects as server-sent events, then <c>[DONE]</c>.</summary>
    private async Task<IResult> StreamAsync(HttpContext http, JsonObject body, FakeReply reply)
    {
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, http.RequestAborted);
        }

        if (reply.Status != StatusCodes.Status200OK)
        {
            foreach (var (name, value) in reply.Headers)
            {
                http.Response.Headers[name] = value;
            }

            return Error(reply.Status, reply.Status == StatusCodes.Status429TooManyRequests ? "rate_limit_exceeded" : "server_error", "Scripted failure.");
        }

        var id = $"chatcmpl-{RequestCount}";
        var chunks = new List<JsonObject> { Chunk(id, new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null) };
        chunks.AddRange(reply.Deltas.Select(delta => Chunk(id, new JsonObject { ["content"] = delta }, null)));
        for (var index = 0; index < reply.ToolCalls.Count; index++)
        {
            var call = reply.ToolCalls[index];
            chunks.Add(Chunk(id, ToolCallDelta(index, new JsonObject { ["name"] = call.Name, ["arguments"] = string.Empty }, call.Id), null));
            var arguments = call.Arguments.ToJsonString();
            for (var start = 0; start < arguments.Length; start += 7)
            {
                chunks.Add(Chunk(id, ToolCallDelta(index, new JsonObject { ["arguments"] = arguments[start..Math.Min(arguments.Length, start + 7)] }, null), null));
            }
        }

        chunks.Add(Chunk(id, new JsonObject(), reply.FinishReason));
        if (body["stream_options"]?["include_usage"]?.GetValue<bool>() == true)
        {
            var usage = Chunk(id, null, null);
            usage["usage"] = UsageJson();
            chunks.Add(usage);
        }

        http.Response.ContentType = "text/event-stream";
        try
        {
            for (var i = 0; i < chunks.Count; i++)
            {
                if (i == reply.StallAfter)
                {
                    await Task.Delay(Timeout.Infinite, http.RequestAborted);
                }

                await http.Response.WriteAsync($"data: {chunks[i].ToJsonString()}\n\n", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
            }

            await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up on a stalled stream, as it should.
        }

        return Results.Empty;
    }

    private static JsonObject ToolCallDelta(int index, JsonObject function, string? id)
    {
        var call = new JsonObject { ["index"] = index };
        if (id is not null)
        {
            call["id"] = id;
            call["type"] = "function";
        }

        call["function"] = function;
        return new JsonObject { ["tool_calls"] = new JsonArray(call) };
    }

    /// <param name="delta">Null for the usage chunk, which has no choices.</param>
    private static JsonObject Chunk(string id, JsonObject? delta, string? finishReason) => new()
    {
        ["id"] = id,
        ["object"] = "chat.completion.chunk",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = Model,
        ["choices"] = delta is null
            ? new JsonArray()
            : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    private static IResult? Refusal(FakeRequest received, JsonObject body)
    {
        if (received.BearerToken != ApiKey)
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_api_key", "Incorrect API key provided.");
        }

        return (string?)body["model"] == Model ? null : Error(StatusCodes.Status404NotFound, "model_not_found", "The model does not exist.");
    }

    // Azure takes the deployment from the route and ignores the body's model.
    private static IResult? AzureRefusal(FakeRequest received, string deployment)
    {
        if (string.IsNullOrEmpty(received.ApiVersion))
        {
            return Error(StatusCodes.Status400BadRequest, "BadRequest", "An api-version query parameter is required.");
        }

        if (received.ApiKeyHeader != ApiKey && received.BearerToken != EntraToken)
        {
            return Error(StatusCodes.Status401Unauthorized, "401", "Access denied due to invalid subscription key or wrong API endpoint.");
        }

        return deployment == Model ? null : Error(StatusCodes.Status404NotFound, "DeploymentNotFound", "The API deployment for this resource does not exist.");
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // TLS on Windows cannot use the ephemeral key CreateSelfSigned makes; a PKCS#12 round trip persists it.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static IResult Error(int status, string code, string message) => Results.Json(
        new { error = new { message, type = code, param = (string?)null, code } },
        statusCode: status);
}
