using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engage.LocalHost.Tests.Support;
using Engage.Testing;
using Microsoft.DurableTask.Client;

namespace Engage.LocalHost.Tests.Management;

/// <summary>Ids no instance can have are refused with a 400 that says why, on every route that takes one.</summary>
[Collection(EngageHostCollection.Name)]
public sealed class InstanceIdTests(EngageHost host)
{
    public static TheoryData<string, string> InvalidIds => new()
    {
        { "a%23b", "'#'" },
        { "a%3Fb", "'?'" },
        { "a%5Cb", "'\\'" },
        { "a%2Fb", "'/'" },
        { "a%01b", "U+0001" },
        { "%40counter", "'@'" },
        { new string('x', 257), "257 characters" },
    };

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public async Task An_invalid_id_is_400_on_every_route(string encodedId, string expectedInDetail)
    {
        var instance = $"{ManagementRoutes.Instances}/{encodedId}";
        HttpRequestMessage[] requests =
        [
            new(HttpMethod.Get, instance),
            new(HttpMethod.Delete, instance),
            new(HttpMethod.Post, $"{instance}/terminate"),
            new(HttpMethod.Post, $"{instance}/suspend"),
            new(HttpMethod.Post, $"{instance}/resume"),
            new(HttpMethod.Post, $"{instance}/rewind"),
            new(HttpMethod.Post, $"{instance}/restart"),
            new(HttpMethod.Post, $"{instance}/raiseEvent/Approved") { Content = JsonContent.Create(1) },
        ];

        foreach (var request in requests)
        {
            using (request)
            {
                using var response = await host.Http.SendAsync(request);
                var detail = await ProblemJson.ReadDetailAsync(response, 400);
                Assert.Contains("instanceId", detail, StringComparison.Ordinal);
                Assert.Contains(expectedInDetail, detail, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task An_id_with_characters_that_need_escaping_round_trips_through_the_API()
    {
        var id = "a b+c%d:é-" + Guid.NewGuid().ToString("N");
        await host.StartWithIdAsync(id, ScriptedMeetingSource.NewDomain());
        await host.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Completed);

        using var response = await host.Http.GetAsync(ManagementRoutes.Instance(id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(id, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("instanceId").GetString());
    }
}
