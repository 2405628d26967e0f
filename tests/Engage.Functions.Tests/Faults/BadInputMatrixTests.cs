using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Engage.Functions.Tests.Faults;

/// <summary>
/// Fault matrix: bad input on every route. Each probe must be answered with a 4xx problem+json that says why (a
/// <c>detail</c>, no stack trace), never a 5xx, and the matrix as a whole must leave storage and the task hub as it
/// found them. Every failure is collected, so one run lists them all.
/// </summary>
public sealed class BadInputMatrixTests(BadInputApp app, ITestOutputHelper output) : IClassFixture<BadInputApp>
{
    [Fact]
    public Task Every_app_route_answers_bad_input_with_a_4xx_problem_and_writes_nothing() =>
        RunAsync(BadInputRoutes.App(app.Known));

    [Fact]
    public Task Every_durable_management_route_answers_bad_input_with_a_4xx_problem_and_writes_nothing() =>
        RunAsync(BadInputRoutes.ManagementApi(app.Known));

    [Fact]
    public void The_matrix_has_every_route_the_host_serves()
    {
        var served = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(method => $"{method} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal);
        var probed = BadInputRoutes.App(app.Known).Concat(BadInputRoutes.ManagementApi(app.Known)).Select(p => p.Route).Concat(BadInputRoutes.Unprobed.Keys);

        Assert.Equal(served, probed.Distinct().Order(StringComparer.Ordinal));
    }

    private async Task RunAsync(IEnumerable<Probe> matrix)
    {
        var probes = matrix.ToList();
        var sent = probes.Where(p => p.Excluded is not { Sent: false }).ToList();
        var before = await app.SettledSnapshotAsync();
        var failures = new List<string>();
        foreach (var probe in sent)
        {
            if (await SendAsync(probe) is { } failure)
            {
                failures.Add($"{probe}: {failure}");
            }
        }

        var after = await app.SettledSnapshotAsync();
        failures.AddRange(before.ChangesIn(after).Select(change => "written: " + change));
        Report(probes, sent);
        Assert.True(failures.Count == 0, $"{failures.Count} failures in {sent.Count} inputs over {sent.Select(p => p.Route).Distinct().Count()} routes:\n" + string.Join('\n', failures));
    }

    /// <returns>What is wrong with the answer, or null when it is right.</returns>
    private async Task<string?> SendAsync(Probe probe)
    {
        HttpContext context;
        try
        {
            context = await app.Server.SendAsync(http => Build(http.Request, probe));
        }
        catch (Exception e)
        {
            // The test server rethrows what the app did not handle; a real server answers it with a bare 500.
            return $"unhandled {e.GetType().Name}: {e.Message}";
        }

        var status = context.Response.StatusCode;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        if (status >= 500 || (status < 400 && (probe.Excluded is null || (probe.Excluded.Body is { } only && body != only))))
        {
            return $"answered {status} {Shorten(body)}";
        }

        return status < 400 ? null : ProblemError(status, context.Response.ContentType, body);
    }

    private static void Build(HttpRequest request, Probe probe)
    {
        request.Method = probe.Method;
        request.Path = PathString.FromUriComponent(probe.Path);
        request.QueryString = probe.Query.Length == 0 ? QueryString.Empty : new QueryString("?" + probe.Query);
        foreach (var (name, value) in probe.Headers)
        {
            // The indexer keeps an empty value, as a server does; Append would drop the header.
            request.Headers[name] = value;
        }

        if (probe.Body is { } body)
        {
            request.Body = new MemoryStream(body.Bytes);
            request.ContentLength = body.Chunked ? null : body.Bytes.Length;
            request.ContentType = body.ContentType;
        }
    }

    /// <summary>Why a 4xx answer is not an RFC 9457 problem that says what is wrong, or null when it is one.</summary>
    private static string? ProblemError(int status, string? contentType, string body)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type) || type.MediaType != "application/problem+json")
        {
            return $"answered {status} as {contentType ?? "no content type"}, not application/problem+json: {Shorten(body)}";
        }

        if (body.Contains("   at ", StringComparison.Ordinal))
        {
            return $"answered {status} with a stack trace: {Shorten(body)}";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (!root.TryGetProperty("status", out var statusMember) || !statusMember.TryGetInt32(out var named) || named != status)
            {
                return $"answered {status} with a problem of another status: {Shorten(body)}";
            }

            return root.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(detail.GetString())
                ? null
                : $"answered {status} with a problem that has no detail: {Shorten(body)}";
        }
        catch (JsonException)
        {
            return $"answered {status} with a problem that is not JSON: {Shorten(body)}";
        }
    }

    private void Report(List<Probe> probes, List<Probe> sent)
    {
        output.WriteLine($"{sent.Count} inputs sent over {sent.Select(p => p.Route).Distinct().Count()} routes; {probes.Count - sent.Count} not sent.");
        foreach (var group in probes.Where(p => p.Excluded is not null).GroupBy(p => (p.Route, p.Excluded!.Reason, p.Excluded.Sent)))
        {
            output.WriteLine($"  {group.Key.Route}: {group.Count()} {(group.Key.Sent ? "may be 2xx" : "not sent")}: {group.Key.Reason}");
        }

        foreach (var (route, reason) in BadInputRoutes.Unprobed)
        {
            output.WriteLine($"  {route}: not probed: {reason}");
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
