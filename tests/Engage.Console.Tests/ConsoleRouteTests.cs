using System.Net;
using System.Net.Http.Headers;

namespace Engage.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ConsoleRouteTests(ConsoleHost host)
{
    [Theory]
    [InlineData("/", "/api/console/")]
    [InlineData("/api/console", "/api/console/")]
    [InlineData("/api/console?x=1", "/api/console/?x=1")]
    public async Task The_root_and_the_bare_route_redirect_to_the_console_folder(string path, string location)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Files_come_from_the_assembly_with_their_type_a_strict_policy_and_an_etag_and_unknown_ones_are_404()
    {
        using var page = await host.Http.GetAsync("/api/console/");
        using var script = await host.Http.GetAsync("/api/console/js/views/orchestrations.js");
        using var style = await host.Http.GetAsync("/api/console/app.css");
        using var missing = await host.Http.GetAsync("/api/console/js/nothing.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/console/app.css");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(style.Headers.ETag!.ToString()));
        using var unchanged = await host.Http.SendAsync(again);

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"js/app.js\"></script>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
