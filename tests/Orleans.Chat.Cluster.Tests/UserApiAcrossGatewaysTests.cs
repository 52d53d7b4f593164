using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;

namespace Orleans.Chat.Cluster.Tests;

/// <summary>User events and disconnects posted to one gateway reach the user's connections on the other.</summary>
[Collection(TwoByTwoClusterCollection.Name)]
public sealed class UserApiAcrossGatewaysTests
{
    private readonly ChatCluster _cluster;

    public UserApiAcrossGatewaysTests(TwoByTwoClusterFixture fixture, ITestOutputHelper output)
    {
        _cluster = fixture.Cluster;
        _cluster.Output = output;
    }

    [Fact]
    public Task A_user_event_and_a_disconnect_posted_to_one_gateway_reach_the_users_connections_on_both() => _cluster.RunAsync(async () =>
    {
        var userId = TestIds.User();
        var onFirst = await _cluster.Gateways[0].ConnectAsync(userId);
        var onSecond = await _cluster.Gateways[1].ConnectAsync(userId);
        var marker = Guid.NewGuid().ToString("N");

        var (status, body) = await PostAsync($"/api/users/{userId}/events", new { @event = "invoice-paid", data = new { marker } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"online\":true", body, StringComparison.Ordinal);
        foreach (var connection in new[] { onFirst, onSecond })
        {
            await connection.WaitForEventAsync("invoice-paid", d => d.GetProperty("marker").GetString() == marker);
        }

        (status, body) = await PostAsync($"/api/users/{userId}/disconnect", new { reason = "suspended" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("\"connections\":2", body, StringComparison.Ordinal);
        foreach (var connection in new[] { onFirst, onSecond })
        {
            await connection.Closed.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal((WebSocketCloseStatus)4002, connection.CloseStatus);
            await connection.DisposeAsync();
        }
    });

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, object body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cluster.Gateways[0].BaseUri, path)) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Api-Key", ChatCluster.ApiKey);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
