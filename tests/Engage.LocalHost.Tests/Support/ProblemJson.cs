using System.Net.Http.Json;
using System.Text.Json;

namespace Engage.LocalHost.Tests.Support;

/// <summary>Reads an RFC 9457 answer, failing the test if it is not one.</summary>
public static class ProblemJson
{
    /// <returns>The problem's <c>detail</c>, which must say something.</returns>
    public static async Task<string> ReadDetailAsync(HttpResponseMessage response, int expectedStatus)
    {
        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expectedStatus, problem.GetProperty("status").GetInt32());
        var detail = problem.TryGetProperty("detail", out var text) ? text.GetString() : null;
        Assert.False(string.IsNullOrWhiteSpace(detail), $"The {expectedStatus} problem has no detail: {problem}");
        Assert.DoesNotContain("   at ", detail, StringComparison.Ordinal);
        return detail!;
    }

    /// <summary>A bare status the host answers as problem+json (no route, wrong method), which has no detail.</summary>
    public static async Task AssertStatusAsync(HttpResponseMessage response, int expectedStatus)
    {
        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expectedStatus, problem.GetProperty("status").GetInt32());
    }
}
