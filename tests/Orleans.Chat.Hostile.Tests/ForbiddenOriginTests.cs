using System.Net;
using System.Net.WebSockets;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>A page on another site opening the gateway's endpoints from its visitors' browsers (cross-site WebSocket hijacking).</summary>
[Collection(HostileCollection.Name)]
public sealed class ForbiddenOriginTests(HostileGatewayFixture gateway)
{
    private const string Foreign = "https://evil.example";

    [Fact]
    public async Task Requests_from_a_foreign_origin_are_refused_403_on_both_endpoints_and_transports_and_others_are_served()
    {
        await using var probe = await ServiceProbe.StartAsync(gateway);
        var server = gateway.Server;
        var token = HostileGatewayFixture.Token(TestIds.User());
        string[] targets =
        [
            $"/ws?token={Uri.EscapeDataString(token)}",
            "/socket.io/?EIO=4&transport=polling",
            $"/socket.io/?EIO=4&transport=polling&token={Uri.EscapeDataString(token)}",
        ];

        var statuses = await Task.WhenAll(Enumerable.Range(0, 300).Select(async i =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, targets[i % targets.Length]);
            request.Headers.Add("Origin", Foreign);
            using var response = await server.Http.SendAsync(request);
            Assert.Contains("forbidden_origin", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            return response.StatusCode;
        }));
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Forbidden, status));

        foreach (var path in new[] { $"/ws?token={Uri.EscapeDataString(token)}", "/socket.io/?EIO=4&transport=websocket" })
        {
            using var socket = new ClientWebSocket();
            socket.Options.CollectHttpResponseDetails = true;
            socket.Options.SetRequestHeader("Origin", Foreign);
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(server.WebSocketUri(null), path), CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        }

        await probe.AssertServedAsync();
    }
}
