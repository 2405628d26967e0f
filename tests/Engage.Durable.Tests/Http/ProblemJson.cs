using System.Net.Http.Json;
using System.Text.Json;

namespace Engage.Durable.Tests.Http;

/// <summary>Reads an RFC 9457 answer, failing the test if it is not one.</summary>
public static class ProblemJson
{
    public static async Task<string> ReadDetailAsync(HttpResponseMessage response, int expectedStatus)
    {
        Assert.Equal(expectedStatus, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(expectedStatus, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        return detail!;
    }
}
