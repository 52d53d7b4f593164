using System.Net;
using System.Text;
using Orleans.Chat.Hostile.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>Guessing the server API key in bulk: posting messages into a room and broadcasts.</summary>
[Collection(HostileCollection.Name)]
public sealed class ApiKeyFloodTests(HostileGatewayFixture gateway, ITestOutputHelper output)
{
    private const int Requests = 900;

    [Fact]
    public async Task A_wrong_key_flood_gets_401_then_429_changes_nothing_and_others_are_served()
    {
        await using var probe = await ServiceProbe.StartAsync(gateway);
        await using var member = await gateway.ConnectAsync();
        var roomId = TestIds.Room();
        var joined = await member.RequestAsync("join-room", roomId);
        var lastSeq = joined.GetProperty("lastSeq").GetInt64();

        var statuses = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async i =>
        {
            var (path, body) = i % 2 == 0
                ? ($"/api/rooms/{roomId}/messages", """{"content":"spoofed","userId":"admin"}""")
                : ("/api/broadcast", """{"event":"announcement","data":{"text":"spoofed"}}""");
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Api-Key", Convert.ToBase64String(BitConverter.GetBytes(i)) + new string('k', 40));
            using var response = await gateway.Server.Http.SendAsync(request);
            return response.StatusCode;
        }));

        output.WriteLine($"{statuses.Count(s => s == HttpStatusCode.Unauthorized)} x 401, {statuses.Count(s => s == HttpStatusCode.TooManyRequests)} x 429");
        Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);

        // Nothing changed: no message in the room, no broadcast reached a client.
        var history = await member.RequestAsync("get-history", new { roomId });
        Assert.Equal(0, history.GetProperty("messages").GetArrayLength());
        var rejoined = await member.RequestAsync("join-room", roomId);
        Assert.Equal(lastSeq, rejoined.GetProperty("lastSeq").GetInt64());
        Assert.Empty(member.Received("announcement"));

        // The right key has a budget of its own, even from the flooding address.
        var (served, _) = await gateway.Server.ApiPostAsync($"/api/rooms/{roomId}/messages", """{"content":"real","userId":"ops"}""", HostileGatewayFixture.ApiKey);
        Assert.Equal(HttpStatusCode.OK, served);
        await probe.AssertServedAsync();
    }
}
