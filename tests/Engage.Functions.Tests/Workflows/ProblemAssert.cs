using System.Net;

namespace Engage.Functions.Tests.Workflows;

/// <summary>Checks that an answer is an RFC 9457 problem with a detail, and names the field that is wrong.</summary>
public static class ProblemAssert
{
    /// <param name="field">The field the problem's <c>errors</c> must name; null when it need not.</param>
    public static void Is(WorkflowResponse response, HttpStatusCode status, string? field = null, string? detailContains = null)
    {
        var body = response.Body?.ToJsonString() ?? "nothing";
        Assert.True(response.Status == status, $"expected {(int)status}, got {(int)response.Status}: {body}");
        Assert.Equal("application/problem+json", response.Message.Content.Headers.ContentType?.MediaType);
        var detail = response.Json["detail"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(detail), $"no detail: {body}");
        if (field is not null)
        {
            Assert.True(response.Json["errors"]?[field] is not null, $"errors does not name {field}: {body}");
        }

        if (detailContains is not null)
        {
            Assert.Contains(detailContains, detail, StringComparison.Ordinal);
        }
    }
}
