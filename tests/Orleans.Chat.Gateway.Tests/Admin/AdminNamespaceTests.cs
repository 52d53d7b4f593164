using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Gateway.Tests.Admin;

/// <summary>The "/admin" namespace against a real gateway, spoken to as the Socket.IO Admin UI does.</summary>
public sealed class AdminNamespaceTests
{
    private const string Username = "operator";
    private const string Password = "Vq7!mZ2#kR9@xT4p";

    // Cost 4 keeps the suite fast; the gateway accepts any valid bcrypt cost.
    private static readonly string PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, 4);

    [Fact]
    public async Task Without_credentials_configured_the_namespace_does_not_exist()
    {
        await using var server = await GatewayServer.StartAsync();

        await using var admin = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password);

        Assert.Equal("Invalid namespace", admin.Error);
    }

    [Fact]
    public async Task Wrong_username_or_password_get_the_same_error_and_the_right_ones_get_config_stats_and_sockets()
    {
        await using var server = await GatewayServer.StartAsync(Settings());

        await using var wrongPassword = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password + "x");
        await using var wrongUser = await AdminUiClient.ConnectAsync(server.BaseUri, "admin", Password);
        await using var nothing = await AdminUiClient.ConnectAsync(server.BaseUri, null, null);
        Assert.Equal("invalid credentials", wrongPassword.Error);
        Assert.Equal("invalid credentials", wrongUser.Error);
        Assert.Equal("invalid credentials", nothing.Error);

        await using var admin = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password);
        Assert.Null(admin.Error);
        var config = await admin.WaitForAsync("config");
        var features = config[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Equal(["LEAVE", "DISCONNECT", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS"], features);
        var stats = (await admin.WaitForAsync("server_stats"))[0];
        Assert.Equal(server.Services.GetRequiredService<IOptions<Options.GatewayOptions>>().Value.Id, stats.GetProperty("serverId").GetString());
        Assert.Equal(Environment.ProcessId, stats.GetProperty("pid").GetInt32());
        await admin.WaitForAsync("all_sockets");
    }

    [Fact]
    public async Task The_socket_list_shows_both_protocols_with_their_rooms_and_no_token()
    {
        await using var server = await GatewayServer.StartAsync(Settings());
        var nativeToken = await server.DevTokenAsync("nat-" + Guid.NewGuid().ToString("N")[..8], "Nadia");
        await using var native = await server.ConnectWithTokenAsync(nativeToken, "nadia", viaHeader: true);
        var room = TestIds.Room();
        await native.RequestOkAsync("join-room", room);
        var sioUser = "sio-" + Guid.NewGuid().ToString("N")[..8];
        var sioToken = await server.DevTokenAsync(sioUser, "Sam");
        await using var sio = await RawSocketIoClient.ConnectWebSocketAsync(server.BaseUri, sioToken);

        await using var admin = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password);
        var sockets = (await admin.WaitForAsync("all_sockets"))[0].EnumerateArray().ToList();

        var nativeSocket = Assert.Single(sockets, s => s.GetProperty("nsp").GetString() == "/ws");
        Assert.Equal("websocket", nativeSocket.GetProperty("transport").GetString());
        Assert.Equal("Nadia", nativeSocket.GetProperty("data").GetProperty("name").GetString());
        Assert.Equal([room], nativeSocket.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("[REDACTED]", nativeSocket.GetProperty("handshake").GetProperty("headers").GetProperty("authorization").GetString());
        var sioSocket = Assert.Single(sockets, s => s.GetProperty("nsp").GetString() == "/");
        Assert.Equal(sioUser, sioSocket.GetProperty("data").GetProperty("userId").GetString());
        Assert.Equal("websocket", sioSocket.GetProperty("transport").GetString());

        // Changes arrive as they happen: a room joined by the Socket.IO client, then a native client with ?token=.
        var room2 = TestIds.Room();
        await sio.RequestOkAsync("join-room", room2);
        var received = await admin.WaitForAsync("event_received", a => a[2][0].GetString() == "join-room");
        Assert.Equal(["/", sioSocket.GetProperty("id").GetString()], received[..2].Select(a => a.GetString()));
        var joined = await admin.WaitForAsync("room_joined", a => a[1].GetString() == room2);
        Assert.Equal("/", joined[0].GetString());
        Assert.Equal(sioSocket.GetProperty("id").GetString(), joined[2].GetString());
        var queryToken = await server.DevTokenAsync("q-" + Guid.NewGuid().ToString("N")[..8]);
        await using var viaQuery = await server.ConnectWithTokenAsync(queryToken, "q");
        var connected = (await admin.WaitForAsync("socket_connected"))[0];
        Assert.Equal("[REDACTED]", connected.GetProperty("handshake").GetProperty("query").GetProperty("token").GetString());
        Assert.Contains("token=[REDACTED]", connected.GetProperty("handshake").GetProperty("url").GetString(), StringComparison.Ordinal);

        Assert.DoesNotContain(nativeToken, admin.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(sioToken, admin.Transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(queryToken, admin.Transcript, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnect_closes_the_session_and_leave_stops_its_room()
    {
        await using var server = await GatewayServer.StartAsync(Settings());
        await using var native = await server.ConnectAsync();
        var room = TestIds.Room();
        await native.RequestOkAsync("join-room", room);
        var sioToken = await server.DevTokenAsync("sio-" + Guid.NewGuid().ToString("N")[..8]);
        await using var sio = await RawSocketIoClient.ConnectWebSocketAsync(server.BaseUri, sioToken);
        await sio.RequestOkAsync("join-room", room);
        await using var admin = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password);
        var sockets = (await admin.WaitForAsync("all_sockets"))[0].EnumerateArray().ToList();
        var nativeId = sockets.Single(s => s.GetProperty("nsp").GetString() == "/ws").GetProperty("id").GetString()!;
        var sioId = sockets.Single(s => s.GetProperty("nsp").GetString() == "/").GetProperty("id").GetString()!;

        await admin.EmitAsync("leave", "/", room, sioId);
        await admin.WaitForAsync("room_left", a => a[1].GetString() == room && a[2].GetString() == sioId);

        await admin.EmitAsync("_disconnect", "/ws", false, nativeId);
        await native.Closed.WaitAsync(TestTimeouts.Default);
        Assert.Equal((WebSocketCloseStatus)4010, native.CloseStatus);
        Assert.Equal("admin_disconnect", native.CloseStatusDescription);
        var gone = await admin.WaitForAsync("socket_disconnected");
        Assert.Equal(["/ws", nativeId], gone[..2].Select(a => a.GetString()));

        await admin.EmitAsync("_disconnect", "/", false, sioId);
        await Eventually.TrueAsync(() => Task.FromResult(sio.WasDisconnected()), what: "the Socket.IO client disconnected");
    }

    [Fact]
    public async Task Read_only_advertises_no_action_and_ignores_one_sent_anyway()
    {
        await using var server = await GatewayServer.StartAsync(Settings(("Admin:ReadOnly", "true")));
        await using var native = await server.ConnectAsync();
        await using var admin = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password);
        var features = (await admin.WaitForAsync("config"))[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString());
        Assert.Equal(["AGGREGATED_EVENTS", "ALL_EVENTS"], features);
        var id = (await admin.WaitForAsync("all_sockets"))[0].EnumerateArray().Single().GetProperty("id").GetString();

        await admin.EmitAsync("_disconnect", "/ws", false, id);
        await admin.EmitAsync("_disconnect", "/ws", true);

        // Time for the actions to arrive; a disconnect would have closed the client by then.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await native.RequestOkAsync("join-room", TestIds.Room());
        Assert.Null(native.CloseStatus);
    }

    [Fact]
    public async Task Production_mode_sends_only_aggregated_stats()
    {
        await using var server = await GatewayServer.StartAsync(Settings(("Admin:Mode", "production"), ("Admin:StatsInterval", "00:00:00.200")));
        await using var native = await server.ConnectAsync();
        await using var admin = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password);
        await using var later = await server.ConnectAsync();
        await later.RequestOkAsync("join-room", TestIds.Room());

        var names = await admin.CollectNamesAsync(TimeSpan.FromSeconds(1.5));

        Assert.Contains("config", names);
        Assert.Contains("server_stats", names);
        Assert.All(names, n => Assert.True(n is "config" or "server_stats", n));
    }

    [Fact]
    public async Task Failed_logins_from_one_address_are_limited_even_before_the_right_password()
    {
        await using var server = await GatewayServer.StartAsync(Settings(("Admin:MaxFailedAttempts", "3")));
        for (var i = 0; i < 3; i++)
        {
            await using var wrong = await AdminUiClient.ConnectAsync(server.BaseUri, Username, "guess" + i);
            Assert.Equal("invalid credentials", wrong.Error);
        }

        await using var right = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password);
        Assert.Equal("too many attempts", right.Error);
    }

    [Fact]
    public async Task Admin_connections_are_capped()
    {
        await using var server = await GatewayServer.StartAsync(Settings(("Admin:MaxConnections", "1")));
        await using var first = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password);
        await using var second = await AdminUiClient.ConnectAsync(server.BaseUri, Username, Password);

        Assert.Null(first.Error);
        Assert.Equal("too many admin connections", second.Error);
    }

    [Theory]
    [InlineData("hunter2")]
    [InlineData("$2b$10$tooshort")]
    public async Task A_password_that_is_not_a_bcrypt_hash_stops_the_start(string password)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            GatewayServer.StartAsync(new Dictionary<string, string?> { ["Admin:Username"] = Username, ["Admin:Password"] = password }));
        Assert.Contains("Admin:Password must be a bcrypt hash", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["Admin:Username"] = Username, ["Admin:Password"] = PasswordHash };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }
}
