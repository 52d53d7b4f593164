using System.Net;
using System.Text.Json;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>Tokens without exp, correctly signed (a leaked one would work forever), on both endpoints.</summary>
[Collection(HostileCollection.Name)]
public sealed class NoExpiryTokenTests(HostileGatewayFixture gateway)
{
    [Fact]
    public async Task Tokens_without_exp_are_refused_on_ws_and_socket_io_and_others_are_served()
    {
        await using var probe = await ServiceProbe.StartAsync(gateway);
        var http = gateway.Server.Http;

        var statuses = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
        {
            var token = TestTokens.Create(HostileGatewayFixture.SigningKey, TestIds.User(), withExpiry: false);
            using var response = await http.GetAsync($"/ws?token={Uri.EscapeDataString(token)}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("Authentication failed: missing exp", body, StringComparison.Ordinal);
            return response.StatusCode;
        }));
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));

        // Socket.IO over polling: the CONNECT with the token is answered CONNECT_ERROR auth_failed.
        var open = await http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        var sid = JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString();
        var noExp = TestTokens.Create(HostileGatewayFixture.SigningKey, TestIds.User(), withExpiry: false);
        using var connect = await http.PostAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}", new StringContent($$"""40{"token":"{{noExp}}"}"""));
        Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        var reply = await http.GetStringAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}");
        Assert.Equal("""44{"message":"Authentication failed: missing exp","data":{"code":"auth_failed"}}""", reply);

        await probe.AssertServedAsync();
    }
}
