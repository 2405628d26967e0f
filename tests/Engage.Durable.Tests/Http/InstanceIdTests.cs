using System.Net;
using System.Net.Http.Json;

namespace Engage.Durable.Tests.Http;

/// <summary>Ids the engine cannot store are refused with a 400 that says why, on every route that takes one.</summary>
public sealed class InstanceIdTests(ManagementApiFixture fixture) : IClassFixture<ManagementApiFixture>
{
    public static TheoryData<string, string> InvalidIds => new()
    {
        { "a%23b", "'#'" },
        { "a%3Fb", "'?'" },
        { "a%5Cb", "'\\'" },
        { "a%2Fb", "'/'" },
        { "a%01b", "U+0001" },
        { new string('x', 513), "513 characters" },
    };

    [Theory]
    [MemberData(nameof(InvalidIds))]
    public async Task An_invalid_id_is_400_on_every_route(string encodedId, string expectedInDetail)
    {
        var instance = $"{ManagementApiFixture.BasePath}/instances/{encodedId}";
        HttpRequestMessage[] requests =
        [
            new(HttpMethod.Get, instance),
            new(HttpMethod.Delete, instance),
            new(HttpMethod.Post, $"{instance}/terminate"),
            new(HttpMethod.Post, $"{instance}/raiseEvent/Approved") { Content = JsonContent.Create(1) },
            new(HttpMethod.Post, $"{ManagementApiFixture.BasePath}/orchestrators/Sequence/{encodedId}") { Content = JsonContent.Create(new[] { "x" }) },
        ];

        foreach (var request in requests)
        {
            using (request)
            {
                using var response = await fixture.Http.SendAsync(request);
                var detail = await ProblemJson.ReadDetailAsync(response, 400);
                Assert.Contains("instanceId", detail, StringComparison.Ordinal);
                Assert.Contains(expectedInDetail, detail, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task The_longest_valid_id_is_accepted()
    {
        var id = new string('x', 512);

        var links = await fixture.StartAndReadLinksAsync("Sequence", new[] { "x" }, id);
        using var done = await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri);

        Assert.Equal(id, links.Id);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
    }

    [Fact]
    public async Task An_id_with_characters_that_need_escaping_round_trips_through_the_links()
    {
        var id = "a b+c%d:é-" + Guid.NewGuid().ToString("N");

        var links = await fixture.StartAndReadLinksAsync("Sequence", new[] { "x" }, Uri.EscapeDataString(id));
        using var done = await fixture.PollUntilFinishedAsync(links.StatusQueryGetUri);

        Assert.Equal(id, links.Id);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal(id, (await done.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("instanceId").GetString());
    }
}
