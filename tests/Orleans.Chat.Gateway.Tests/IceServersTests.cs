using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;
using static Orleans.Chat.Gateway.Tests.Infrastructure.CallChecks;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>GET /api/ice-servers: the client token in the Authorization header only, and TURN credentials by the TURN REST convention; and the ring timeout.</summary>
[Collection(CallsGatewayCollection.Name)]
public sealed class IceServersTests(CallsGatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Stun_and_turn_servers_come_with_credentials_that_expire_after_the_ttl()
    {
        var userId = TestIds.User();
        var before = DateTimeOffset.UtcNow;

        using var response = await GetAsync(await Server.DevTokenAsync(userId));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "a credential must not be cached");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["iceServers", "ttl"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal((long)CallsGatewayFixture.TurnCredentialTtl.TotalSeconds, body.GetProperty("ttl").GetInt64());
        var servers = body.GetProperty("iceServers").EnumerateArray().ToList();
        Assert.Equal(2, servers.Count);
        Assert.Equal("""{"urls":["stun:127.0.0.1:PORT"]}""".Replace("PORT", fixture.TurnPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), servers[0].GetRawText());

        var turn = servers[1];
        Assert.Equal(["urls", "username", "credential"], turn.EnumerateObject().Select(p => p.Name));
        Assert.Equal([fixture.TurnUrl], turn.GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        var username = turn.GetProperty("username").GetString()!;
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(username[..username.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(":" + userId, username[username.IndexOf(':', StringComparison.Ordinal)..]);
        Assert.InRange(expiry, before + CallsGatewayFixture.TurnCredentialTtl - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + CallsGatewayFixture.TurnCredentialTtl + TimeSpan.FromSeconds(1));
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(CallsGatewayFixture.TurnSecret), Encoding.UTF8.GetBytes(username)));
        Assert.Equal(expected, turn.GetProperty("credential").GetString());
    }

    [Fact]
    public async Task Without_a_valid_bearer_token_the_answer_is_401_and_holds_no_credential()
    {
        var token = await Server.DevTokenAsync(TestIds.User());

        await AssertUnauthorizedAsync(await GetAsync(bearer: null), "auth_required");
        // The query string is not read here: a credential's request should carry no token into access logs.
        await AssertUnauthorizedAsync(await Server.Http.GetAsync("/api/ice-servers?token=" + Uri.EscapeDataString(token)), "auth_required");
        await AssertUnauthorizedAsync(await GetAsync("not-a-jwt"), "auth_failed");
        await AssertUnauthorizedAsync(await GetAsync(TestTokens.Create("another-signing-key-0123456789-abcdefghijklmnop", TestIds.User())), "auth_failed");
        using var basic = new HttpRequestMessage(HttpMethod.Get, "/api/ice-servers");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", token);
        await AssertUnauthorizedAsync(await Server.Http.SendAsync(basic), "auth_required");
    }

    [Fact]
    public async Task An_unanswered_call_ends_no_answer_after_the_ring_timeout_and_is_a_missed_call()
    {
        var calleeId = TestIds.User("callee");
        await using var caller = await ProtocolClient.ConnectAsync(Server, WireProtocol.SocketIo);
        await using var phone = await ProtocolClient.ConnectAsync(Server, WireProtocol.Native, calleeId);
        await using var laptop = await ProtocolClient.ConnectAsync(Server, WireProtocol.SocketIo, calleeId);
        var started = DateTime.UtcNow;
        var callId = await CallAsync(caller, calleeId, media: "audio");
        await phone.WaitForEventAsync("incoming-call", Of(callId));

        await AssertEndedAsync(caller, callId, "no-answer");
        var rang = DateTime.UtcNow - started;
        await AssertEndedAsync(phone, callId, "no-answer");
        await AssertEndedAsync(laptop, callId, "no-answer");

        Assert.True(rang >= CallsGatewayFixture.RingTimeout - TimeSpan.FromMilliseconds(100), $"ended after {rang.TotalMilliseconds} ms");
        AssertError(await phone.RequestAsync("call-answer", new { callId, answer = Answer() }), "not_found");
        var call = (await CallRecordAsync(laptop, caller.UserId, callId)).GetProperty("call");
        Assert.Equal(("audio", "missed", "no-answer", 0L),
            (call.GetProperty("media").GetString(), call.GetProperty("outcome").GetString(), call.GetProperty("reason").GetString(), call.GetProperty("durationMs").GetInt64()));
    }

    private async Task<HttpResponseMessage> GetAsync(string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ice-servers");
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Server.Http.SendAsync(request);
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response, string code)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
            Assert.DoesNotContain("credential", text, StringComparison.Ordinal);
        }
    }
}
