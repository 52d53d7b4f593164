using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.ConformanceHost;
using Orleans.Chat.SocketIo.Hosting;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;
using Orleans.Chat.SocketIo.Tests.Infrastructure;

namespace Orleans.Chat.SocketIo.Tests;

/// <summary>The application-facing API: connect decisions, recovery hooks, handshake data and disconnect reasons.</summary>
public sealed class SocketIoApplicationApiTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private EngineIoTestClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSocketIo(options => options.AllowedOrigins = ["https://chat.example"]).AddNamespace<GuardedHandler>("/guarded").AddNamespace<HeldHandler>("/held").AddNamespace<HandshakeEchoHandler>("/handshake");
        _app = builder.Build();
        _app.UseWebSockets();
        _app.MapSocketIo();
        await _app.StartAsync();
        _client = new EngineIoTestClient(ConformanceServer.GetBaseAddress(_app), SocketIoOptions.DefaultPath);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_rejected_connect_gets_CONNECT_ERROR_with_message_and_data()
    {
        await using var socket = await OpenAsync("room=lobby");

        await socket.SendTextAsync("""40/guarded,{"token":"wrong"}""");

        Assert.Equal("""44/guarded,{"message":"unauthorized","data":{"reason":"bad token"}}""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task An_accepted_connect_offers_a_pid_and_the_handler_sees_the_handshake()
    {
        await using var socket = await OpenAsync("room=lobby");

        await socket.SendTextAsync("""40/guarded,{"token":"ok"}""");

        var reply = await socket.ReceiveTextSkippingPingsAsync();
        Assert.StartsWith("40/guarded,", reply, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(reply["40/guarded,".Length..]);
        Assert.Equal(["sid", "pid"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("""42/guarded,["welcome","lobby",false,null]""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task A_recovering_client_gets_its_old_sid_and_pid_back()
    {
        await using var socket = await OpenAsync("room=lobby");

        await socket.SendTextAsync("""40/guarded,{"token":"ok","pid":"p-1","offset":"42"}""");

        Assert.Equal("""40/guarded,{"sid":"old-socket","pid":"p-1"}""", await socket.ReceiveTextSkippingPingsAsync());
        Assert.Equal("""42/guarded,["welcome","lobby",true,"42"]""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task The_handler_hears_why_a_socket_left()
    {
        await using var socket = await OpenAsync("room=lobby");
        await socket.SendTextAsync("""40/guarded,{"token":"ok"}""");
        var reply = await socket.ReceiveTextSkippingPingsAsync();
        await socket.ReceiveTextSkippingPingsAsync();
        using var json = JsonDocument.Parse(reply["40/guarded,".Length..]);
        var sid = json.RootElement.GetProperty("sid").GetString()!;
        var handler = _app.Services.GetRequiredService<GuardedHandler>();

        await socket.SendTextAsync("41/guarded,");

        Assert.Equal(SocketIoDisconnectReason.ClientNamespaceDisconnect, await handler.WaitForDisconnectAsync(sid));
    }

    [Fact]
    public async Task Namespace_connects_in_flight_are_capped_and_one_past_the_cap_is_refused_at_once()
    {
        await using var socket = await OpenAsync("room=lobby");
        var held = _app.Services.GetRequiredService<HeldHandler>();

        // The dispatcher waits in /held's handler, so every CONNECT after it stays in flight.
        await socket.SendTextAsync("40/held,");
        await held.Entered.WaitAsync(TimeSpan.FromSeconds(5));
        for (var i = 1; i < SocketIoConnection.MaxPendingConnects; i++)
        {
            await socket.SendTextAsync($"40/made-up-{i},");
        }

        await socket.SendTextAsync("40/one-too-many,");
        Assert.Equal($$$"""44/one-too-many,{"message":"{{{SocketIoConnection.TooManyConnectsMessage}}}"}""", await socket.ReceiveTextSkippingPingsAsync());

        // The ones in flight are still answered, in order, once the handler lets go.
        held.Release.SetResult();
        Assert.StartsWith("40/held,", await socket.ReceiveTextSkippingPingsAsync(), StringComparison.Ordinal);
        Assert.Equal("""44/made-up-1,{"message":"Invalid namespace"}""", await socket.ReceiveTextSkippingPingsAsync());
    }

    [Fact]
    public async Task A_connect_accepted_after_its_connection_closed_is_reported_abandoned_and_never_joins()
    {
        var socket = await OpenAsync("room=lobby");
        var held = _app.Services.GetRequiredService<HeldHandler>();
        await socket.SendTextAsync("40/held,");
        await held.Entered.WaitAsync(TimeSpan.FromSeconds(5));

        // The connection ends while the handler is still deciding; then the handler accepts.
        await socket.DisposeAsync();
        var server = _app.Services.GetRequiredService<SocketIoServer>();
        for (var waited = 0; server.ConnectionCount > 0; waited += 20)
        {
            Assert.True(waited < 5000, "the connection did not close");
            await Task.Delay(20);
        }

        held.Release.SetResult();

        await held.Abandoned.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal((0, 0), (held.Joined, held.Left));
    }

    [Fact]
    public async Task The_handshake_keeps_the_opening_requests_query_headers_and_address_after_that_request_ended()
    {
        // Over polling the CONNECT comes in a later request than the one that opened the session.
        using var open = new HttpRequestMessage(HttpMethod.Get, _client.Url("EIO=4&transport=polling&room=lobby&tag=a%20b&tag=c"));
        open.Headers.Add("X-Client-Tag", "tester");
        using var opened = await _client.Http.SendAsync(open);
        var content = await opened.Content.ReadAsStringAsync();
        using var handshake = JsonDocument.Parse(content[1..]);
        var sid = handshake.RootElement.GetProperty("sid").GetString()!;

        await _client.PostOkAsync(sid, "40/handshake,");

        // The CONNECT reply and the emit may come in separate polls.
        string? echo = null;
        for (var poll = 0; poll < 5 && echo is null; poll++)
        {
            echo = (await _client.PollTextAsync(sid)).Split('\x1e').SingleOrDefault(packet => packet.StartsWith("42/handshake,", StringComparison.Ordinal));
        }

        Assert.NotNull(echo);
        using var args = JsonDocument.Parse(echo["42/handshake,".Length..]);
        var values = args.RootElement[1];
        Assert.Equal("a b,c", values.GetProperty("tag").GetString());
        Assert.Equal("a b,c", values.GetProperty("queryTag").GetString());
        Assert.Equal("tester", values.GetProperty("header").GetString());
        Assert.Equal("tester", values.GetProperty("headers").GetString());
        Assert.Equal("lobby", values.GetProperty("contextRoom").GetString());
        Assert.Equal("", values.GetProperty("missing").GetString());
        Assert.StartsWith("/socket.io/?EIO=4&transport=polling&room=lobby", values.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.False(values.GetProperty("secure").GetBoolean());
        Assert.Equal("127.0.0.1", values.GetProperty("address").GetString());
    }

    [Fact]
    public async Task Origins_outside_the_allowed_list_are_forbidden()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _client.Url("EIO=4&transport=polling"));
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await _client.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("""{"code":4,"message":"Forbidden"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Invalid_options_are_reported_at_start()
    {
        var result = new SocketIoOptionsValidator().Validate(null, new SocketIoOptions
        {
            PingInterval = TimeSpan.Zero,
            MaxPayload = 0,
            Transports = EngineIoTransports.None,
            Path = "socket.io",
            AllowedOrigins = ["not an origin"],
        });

        Assert.True(result.Failed);
        Assert.Equal(5, result.Failures!.Count());
    }

    [Fact]
    public void Valid_defaults_pass()
    {
        Assert.True(new SocketIoOptionsValidator().Validate(null, _app.Services.GetRequiredService<IOptions<SocketIoOptions>>().Value).Succeeded);
    }

    private async Task<WebSocketTestClient> OpenAsync(string query)
    {
        var socket = await WebSocketTestClient.ConnectAsync(_client.WebSocketUri($"EIO=4&transport=websocket&{query}"));
        await socket.ReceiveTextAsync();
        return socket;
    }

    /// <summary>Emits what its socket's handshake holds, read after the request that opened the session ended.</summary>
    public sealed class HandshakeEchoHandler : ISocketIoNamespaceHandler
    {
        public ValueTask<ConnectDecision> OnConnectAsync(SocketIoSocket socket, JsonElement? auth) => ValueTask.FromResult(ConnectDecision.Accept());

        public ValueTask OnConnectedAsync(SocketIoSocket socket)
        {
            var handshake = socket.Handshake;
            return socket.EmitAsync("handshake", new
            {
                tag = handshake.GetQueryValue("TAG").ToString(),
                queryTag = handshake.Query["tag"].ToString(),
                header = handshake.GetHeader("x-client-tag").ToString(),
                headers = handshake.Headers["X-Client-Tag"].ToString(),
                contextRoom = handshake.HttpContext.Request.Query["room"].ToString(),
                missing = handshake.GetQueryValue("absent").ToString(),
                url = handshake.Url,
                secure = handshake.Secure,
                address = handshake.RemoteAddress?.ToString(),
            });
        }

        public ValueTask OnEventAsync(SocketIoSocket socket, SocketIoEvent evt) => ValueTask.CompletedTask;

        public ValueTask OnDisconnectAsync(SocketIoSocket socket, string reason) => ValueTask.CompletedTask;
    }

    /// <summary>A namespace whose connect waits until the test releases it.</summary>
    public sealed class HeldHandler : ISocketIoNamespaceHandler
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async ValueTask<ConnectDecision> OnConnectAsync(SocketIoSocket socket, JsonElement? auth)
        {
            _entered.TrySetResult();
            await Release.Task;
            return ConnectDecision.Accept();
        }

        public TaskCompletionSource Abandoned { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Joined;

        public int Left;

        public ValueTask OnConnectAbandonedAsync(SocketIoSocket socket)
        {
            Abandoned.TrySetResult();
            return ValueTask.CompletedTask;
        }

        public ValueTask OnConnectedAsync(SocketIoSocket socket)
        {
            Interlocked.Increment(ref Joined);
            return ValueTask.CompletedTask;
        }

        public ValueTask OnEventAsync(SocketIoSocket socket, SocketIoEvent evt) => ValueTask.CompletedTask;

        public ValueTask OnDisconnectAsync(SocketIoSocket socket, string reason)
        {
            Interlocked.Increment(ref Left);
            return ValueTask.CompletedTask;
        }
    }

    public sealed class GuardedHandler : ISocketIoNamespaceHandler
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _disconnects = new();

        public ValueTask<ConnectDecision> OnConnectAsync(SocketIoSocket socket, JsonElement? auth)
        {
            if (auth is not { } value || !value.TryGetProperty("token", out var token) || token.GetString() != "ok")
            {
                using var data = JsonDocument.Parse("""{"reason":"bad token"}""");
                return ValueTask.FromResult(ConnectDecision.Reject("unauthorized", data.RootElement));
            }

            socket.Items["room"] = socket.Handshake.Query["room"].ToString();
            return ValueTask.FromResult(socket.Handshake.RecoveryPid is { } pid
                ? ConnectDecision.Recover("old-socket", pid)
                : ConnectDecision.AcceptWithRecovery());
        }

        public ValueTask OnConnectedAsync(SocketIoSocket socket) =>
            socket.EmitAsync("welcome", socket.Items["room"], socket.Recovered, socket.Handshake.RecoveryOffset);

        public ValueTask OnEventAsync(SocketIoSocket socket, SocketIoEvent evt) => ValueTask.CompletedTask;

        public ValueTask OnDisconnectAsync(SocketIoSocket socket, string reason)
        {
            _disconnects.GetOrAdd(socket.Id, _ => new TaskCompletionSource<string>()).TrySetResult(reason);
            return ValueTask.CompletedTask;
        }

        public Task<string> WaitForDisconnectAsync(string socketId) =>
            _disconnects.GetOrAdd(socketId, _ => new TaskCompletionSource<string>()).Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
