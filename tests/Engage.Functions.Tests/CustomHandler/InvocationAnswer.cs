using System.Text.Json.Nodes;

namespace Engage.Functions.Tests.CustomHandler;

/// <summary>Checks that an answer has the shape the host reads: <c>{Outputs, Logs, ReturnValue}</c> and nothing else.</summary>
public static class InvocationAnswer
{
    public static async Task<JsonArray> ReadLogsAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = Assert.IsType<JsonObject>(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], body.Select(p => p.Key));
        Assert.Empty(Assert.IsType<JsonObject>(body["Outputs"]));
        Assert.Null(body["ReturnValue"]);
        var logs = Assert.IsType<JsonArray>(body["Logs"]);
        Assert.All(logs, log => Assert.IsAssignableFrom<JsonValue>(log).GetValue<string>());
        return logs;
    }
}
