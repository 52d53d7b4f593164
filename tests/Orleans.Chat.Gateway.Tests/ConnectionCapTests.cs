using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// Connections per user and per address, the connect rate and the pending Engine.IO sessions, each
/// on a gateway of its own with small caps (every test connection comes from 127.0.0.1).
/// </summary>
public sealed class ConnectionCapTests
{
    private const string SigningKey = "Z+Gm7djqIvNqAx5h5HQeYCUeV7HAUQvpKERNdw68tiOV";

    [Fact]
    public async Task A_users_connections_past_the_cap_are_refused_with_429_on_ws_and_connect_error_on_socket_io()
    {
        await using var server = await StartAsync(new() { ["Limits:ConnectionsPerUser"] = "3" });
        var user = TestIds.User();
        var token = TestTokens.Create(SigningKey, user);
        var open = new List<TestChatClient>();
        for (var i = 0; i < 3; i++)
        {
            open.Add(await server.ConnectWithTokenAsync(token, user));
        }

        using (var refused = await server.Http.SendAsync(UpgradeRequest.To($"/ws?token={token}")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("too_many_connections", body.GetProperty("code").GetString());
            Assert.Equal("Too many connections", body.GetProperty("error").GetString());
        }

        var socketIo = await EngineIoPollingClient.OpenAsync(server.Http);
        var answer = await socketIo.ConnectAsync(token);
        Assert.StartsWith("44", answer, StringComparison.Ordinal);
        var error = JsonDocument.Parse(answer[2..]).RootElement;
        Assert.Equal("Too many connections", error.GetProperty("message").GetString());
        Assert.Equal("too_many_connections", error.GetProperty("data").GetProperty("code").GetString());

        // A closed connection gives its slot back, on either protocol.
        await open[0].DisposeAsync();
        await Eventually.ProbeAsync(
            async () => await (await EngineIoPollingClient.OpenAsync(server.Http)).ConnectAsync(token),
            answer => answer.StartsWith("40", StringComparison.Ordinal),
            "a connect after one of the user's connections closed");
        await using var other = await server.ConnectWithTokenAsync(TestTokens.Create(SigningKey, TestIds.User()), "other");
        foreach (var client in open.Skip(1))
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_socket_io_socket_leaving_the_namespace_gives_its_slot_back_while_its_connection_stays_open()
    {
        await using var server = await StartAsync(new() { ["Limits:ConnectionsPerUser"] = "1" });
        var token = TestTokens.Create(SigningKey, TestIds.User());
        var first = await EngineIoPollingClient.OpenAsync(server.Http);
        Assert.StartsWith("40", await first.ConnectAsync(token), StringComparison.Ordinal);
        Assert.StartsWith("44", await (await EngineIoPollingClient.OpenAsync(server.Http)).ConnectAsync(token), StringComparison.Ordinal);

        // A namespace DISCONNECT: the socket leaves "/", the Engine.IO connection under it stays open.
        Assert.Equal(HttpStatusCode.OK, await first.PostAsync("41"u8.ToArray()));

        await Eventually.ProbeAsync(
            async () => await (await EngineIoPollingClient.OpenAsync(server.Http)).ConnectAsync(token),
            answer => answer.StartsWith("40", StringComparison.Ordinal),
            "a connect after the user's socket left the namespace");
        await first.CloseAsync();
    }

    [Fact]
    public async Task Connections_from_one_address_past_the_cap_are_refused_before_the_upgrade_and_the_handshake()
    {
        await using var server = await StartAsync(new() { ["Limits:ConnectionsPerAddress"] = "4" });
        var clients = new List<TestChatClient>();
        for (var i = 0; i < 3; i++)
        {
            var user = TestIds.User();
            clients.Add(await server.ConnectWithTokenAsync(TestTokens.Create(SigningKey, user), user));
        }

        // An Engine.IO session counts as soon as it is handshaken, authenticated or not.
        var pending = await EngineIoPollingClient.OpenAsync(server.Http);

        using (var ws = await server.Http.SendAsync(UpgradeRequest.To($"/ws?token={TestTokens.Create(SigningKey, TestIds.User())}")))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, ws.StatusCode);
        }

        var (status, body, _) = await EngineIoPollingClient.HandshakeAsync(server.Http);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        var refusal = JsonDocument.Parse(body).RootElement;
        Assert.Equal(4, refusal.GetProperty("code").GetInt32());
        Assert.Equal("Too many connections", refusal.GetProperty("message").GetString());
        Assert.Equal("too_many_connections", refusal.GetProperty("data").GetProperty("code").GetString());

        await pending.CloseAsync();
        await Eventually.ProbeAsync(
            async () => (await EngineIoPollingClient.HandshakeAsync(server.Http)).Status,
            status => status == HttpStatusCode.OK,
            "a handshake after a session of the address closed");
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_burst_of_connects_from_one_address_past_its_bucket_is_refused()
    {
        await using var server = await StartAsync(new()
        {
            ["Limits:ConnectBurstPerAddress"] = "5",
            ["Limits:ConnectsPerAddressPerMinute"] = "1",
        });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var (status, _, client) = await EngineIoPollingClient.HandshakeAsync(server.Http);
            statuses.Add(status);
            if (client is not null)
            {
                await client.CloseAsync();
            }
        }

        Assert.Equal(5, statuses.Count(status => status == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        using var ws = await server.Http.SendAsync(UpgradeRequest.To($"/ws?token={TestTokens.Create(SigningKey, TestIds.User())}"));
        Assert.Equal(HttpStatusCode.TooManyRequests, ws.StatusCode);
    }

    [Fact]
    public async Task Unauthenticated_engine_io_sessions_past_the_pending_cap_are_refused_and_a_connect_frees_a_slot()
    {
        await using var server = await StartAsync(new() { ["SocketIo:MaxPendingSessionsPerAddress"] = "3" });
        var pending = new List<EngineIoPollingClient>();
        for (var i = 0; i < 3; i++)
        {
            pending.Add(await EngineIoPollingClient.OpenAsync(server.Http));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await EngineIoPollingClient.HandshakeAsync(server.Http)).Status);

        // An accepted namespace CONNECT makes the session established: no longer pending.
        Assert.StartsWith("40", await pending[0].ConnectAsync(TestTokens.Create(SigningKey, TestIds.User())), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await EngineIoPollingClient.HandshakeAsync(server.Http)).Status);
    }

    [Fact]
    public async Task An_unauthenticated_engine_io_session_is_closed_after_the_connect_timeout()
    {
        await using var server = await StartAsync(new() { ["SocketIo:ConnectTimeout"] = "00:00:00.500" });
        var session = await EngineIoPollingClient.OpenAsync(server.Http);

        // The pending poll is answered by the close packet when the timeout closes the session.
        var poll = session.PollAsync();
        Assert.Same(poll, await Task.WhenAny(poll, Task.Delay(TimeSpan.FromSeconds(5))));
        Assert.Contains("1", await poll);
    }

    private static Task<GatewayServer> StartAsync(Dictionary<string, string?> settings)
    {
        settings["Auth:SigningKey"] = SigningKey;
        return GatewayServer.StartAsync(settings, environment: "Production");
    }
}
