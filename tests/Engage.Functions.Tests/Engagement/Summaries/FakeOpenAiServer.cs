using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engage.Functions.Tests.Engagement.Summaries;

/// <summary>
/// A loopback server speaking the Chat Completions wire format. Like the real service it refuses a wrong
/// bearer token (401), an unknown model (404) and a request without a strict json_schema response format
/// (400); otherwise it plays its script of replies, then <see cref="Default"/>.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public const string ApiKey = "sk-test-fake-5f2c9a7e1b";
    public const string Model = "gpt-4o-mini";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly ConcurrentQueue<JsonObject> _requests = new();
    private readonly X509Certificate2? _certificate;
    private int _requestCount;

    private FakeOpenAiServer(WebApplication app, string bearer, X509Certificate2? certificate)
    {
        _app = app;
        _app.MapPost("/v1/chat/completions", (HttpRequest request) => AnswerAsync(request, bearer));
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

    /// <summary>The body of every request that passed the checks, in arrival order.</summary>
    public IReadOnlyList<JsonObject> Requests => [.. _requests];

    /// <summary>Every request that reached the server, rejected or not.</summary>
    public int RequestCount => _requestCount;

    public Uri BaseUrl { get; private set; } = null!;

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

    /// <param name="bearer">The token the server accepts; the test API key unless given.</param>
    /// <param name="https">TLS with a throw-away self-signed certificate, as bearer tokens from a credential need.</param>
    public static async Task<FakeOpenAiServer> StartAsync(string bearer = ApiKey, bool https = false)
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
        var server = new FakeOpenAiServer(builder.Build(), bearer, certificate);
        await server._app.StartAsync();
        server.BaseUrl = new Uri(server._app.Urls.Single() + "/v1/");
        return server;
    }

    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
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

    private async Task<IResult> AnswerAsync(HttpRequest request, string bearer)
    {
        Interlocked.Increment(ref _requestCount);
        if (request.Headers.Authorization.ToString() != $"Bearer {bearer}")
        {
            return Error(StatusCodes.Status401Unauthorized, "invalid_api_key", "Incorrect API key provided.");
        }

        var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        if ((string?)body["model"] != Model)
        {
            return Error(StatusCodes.Status404NotFound, "model_not_found", "The model does not exist.");
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
            ["id"] = $"chatcmpl-{_requestCount}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Content, ["refusal"] = null },
                ["finish_reason"] = reply.FinishReason,
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 900, ["completion_tokens"] = 120, ["total_tokens"] = 1020 },
        });
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
