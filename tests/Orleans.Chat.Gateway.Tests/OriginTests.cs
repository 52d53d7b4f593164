using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Origins;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>Two gateways: one with the default (own origin only), one with Gateway:AllowedOrigins and the deprecated SocketIo:AllowedOrigins.</summary>
public sealed class OriginFixture : IAsyncLifetime
{
    public const string Listed = "https://app.example";
    public const string LegacyListed = "https://legacy.example";

    public GatewayServer Default { get; private set; } = null!;
    public GatewayServer Configured { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Default = await GatewayServer.StartAsync();
        Configured = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:AllowedOrigins:0"] = Listed,
            ["SocketIo:AllowedOrigins:0"] = LegacyListed,
        });
    }

    public async Task DisposeAsync()
    {
        await Default.DisposeAsync();
        await Configured.DisposeAsync();
    }
}

public sealed class OriginTests(OriginFixture fixture) : IClassFixture<OriginFixture>
{
    private const string Foreign = "https://evil.example";

    private static string OwnOrigin(GatewayServer server) => server.BaseUri.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task A_foreign_origin_is_refused_403_forbidden_origin_on_ws_before_the_upgrade()
    {
        var server = fixture.Default;
        var token = await server.DevTokenAsync(TestIds.User());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/ws?token={Uri.EscapeDataString(token)}");
        request.Headers.Add("Origin", Foreign);

        using var response = await server.Http.SendAsync(request);
        await AssertForbiddenOriginAsync(response);

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", Foreign);
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.WebSocketUri(token), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Theory]
    [InlineData("own")]
    [InlineData("none")]
    public async Task The_gateways_own_origin_and_no_origin_connect_to_ws(string origin)
    {
        var server = fixture.Default;
        var userId = TestIds.User();
        await using var client = await TestChatClient.ConnectAsync(server.WebSocketUri(await server.DevTokenAsync(userId)), userId, options =>
        {
            if (origin == "own")
            {
                options.SetRequestHeader("Origin", OwnOrigin(server));
            }
        });

        Assert.Equal(userId, (await client.WaitForEventAsync("connected")).GetProperty("userId").GetString());
    }

    [Theory]
    [InlineData(Foreign)]
    [InlineData("null")]
    [InlineData("https://127.0.0.1")]
    public async Task A_foreign_origin_is_refused_on_the_socket_io_polling_handshake(string origin)
    {
        var server = fixture.Default;
        using var response = await SendAsync(server, HttpMethod.Get, "/socket.io/?EIO=4&transport=polling", origin);

        await AssertForbiddenOriginAsync(response);
    }

    [Fact]
    public async Task A_foreign_origin_is_refused_on_the_polling_requests_and_the_preflight_of_an_open_session()
    {
        var server = fixture.Default;
        var sid = await OpenPollingSessionAsync(server);
        var url = $"/socket.io/?EIO=4&transport=polling&sid={sid}";

        using var get = await SendAsync(server, HttpMethod.Get, url, Foreign);
        await AssertForbiddenOriginAsync(get);
        using var post = await SendAsync(server, HttpMethod.Post, url, Foreign, "40");
        await AssertForbiddenOriginAsync(post);
        using var preflight = await SendAsync(server, HttpMethod.Options, url, Foreign);
        await AssertForbiddenOriginAsync(preflight);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_foreign_origin_is_refused_on_the_socket_io_websocket_transport(bool upgrade)
    {
        var server = fixture.Default;
        var query = upgrade ? $"EIO=4&transport=websocket&sid={await OpenPollingSessionAsync(server)}" : "EIO=4&transport=websocket";
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", Foreign);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(SocketIoUri(server, query), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
    }

    [Fact]
    public async Task The_gateways_own_origin_opens_socket_io_over_both_transports()
    {
        var server = fixture.Default;
        using var polling = await SendAsync(server, HttpMethod.Get, "/socket.io/?EIO=4&transport=polling", OwnOrigin(server));
        Assert.Equal(HttpStatusCode.OK, polling.StatusCode);
        Assert.StartsWith("0{", await polling.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", OwnOrigin(server));
        await socket.ConnectAsync(SocketIoUri(server, "EIO=4&transport=websocket"), CancellationToken.None);
        var buffer = new byte[1024];
        var open = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal((byte)'0', buffer[0]);
        Assert.True(open.Count > 1);
    }

    [Theory]
    [InlineData(OriginFixture.Listed)]
    [InlineData(OriginFixture.LegacyListed)]
    public async Task A_listed_origin_is_served_on_both_endpoints_with_cors_for_polling(string origin)
    {
        var server = fixture.Configured;
        using var polling = await SendAsync(server, HttpMethod.Get, "/socket.io/?EIO=4&transport=polling", origin);
        Assert.Equal(HttpStatusCode.OK, polling.StatusCode);
        Assert.Equal(origin, polling.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", polling.Headers.GetValues("Access-Control-Allow-Credentials").Single());

        var userId = TestIds.User();
        await using var client = await TestChatClient.ConnectAsync(
            server.WebSocketUri(await server.DevTokenAsync(userId)), userId, options => options.SetRequestHeader("Origin", origin));
        await client.WaitForEventAsync("connected");
    }

    [Fact]
    public async Task An_unlisted_origin_is_still_refused_when_a_list_is_set()
    {
        using var response = await SendAsync(fixture.Configured, HttpMethod.Get, "/socket.io/?EIO=4&transport=polling", Foreign);

        await AssertForbiddenOriginAsync(response);
    }

    [Theory]
    [InlineData("http://chat.example", "chat.example", true)]
    [InlineData("https://chat.example", "chat.example", true)]
    [InlineData("https://chat.example", "chat.example:443", true)]
    [InlineData("https://CHAT.example:8443", "chat.example:8443", true)]
    [InlineData("http://[::1]:5000", "[::1]:5000", true)]
    [InlineData("https://chat.example", "chat.example:8443", false)]
    [InlineData("https://chat.example:8443", "chat.example", false)]
    [InlineData("https://chat.example.evil.example", "chat.example", false)]
    [InlineData("null", "chat.example", false)]
    [InlineData("file://chat.example", "chat.example", false)]
    public void The_own_origin_is_host_and_port_of_the_request(string origin, string host, bool allowed)
    {
        var gate = new OriginGate(Microsoft.Extensions.Options.Options.Create(new GatewayOptions()));

        Assert.Equal(allowed, gate.IsAllowed(new DefaultHttpContext { Request = { Host = new HostString(host) } }.Request, origin));
    }

    [Fact]
    public void Star_allows_any_origin_and_bad_entries_fail_at_start()
    {
        var star = new OriginGate(Microsoft.Extensions.Options.Options.Create(new GatewayOptions { AllowedOrigins = ["*"] }));
        Assert.True(star.IsAllowed(new DefaultHttpContext { Request = { Host = new HostString("chat.example") } }.Request, Foreign));

        var result = new GatewayOptionsValidator().Validate(null, new GatewayOptions { AllowedOrigins = ["*", OriginFixture.Listed, "https://app.example/", "app.example", "https://app.example/path"] });
        Assert.True(result.Failed);
        Assert.Equal(3, result.Failures!.Count());
    }

    private static Uri SocketIoUri(GatewayServer server, string query) =>
        new(server.WebSocketUri(null), $"/socket.io/?{query}");

    private static async Task<string> OpenPollingSessionAsync(GatewayServer server)
    {
        var open = await server.Http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        using var json = JsonDocument.Parse(open[1..]);
        return json.RootElement.GetProperty("sid").GetString()!;
    }

    private static async Task<HttpResponseMessage> SendAsync(GatewayServer server, HttpMethod method, string url, string origin, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("Origin", origin);
        if (body is not null)
        {
            request.Content = new StringContent(body);
        }

        return await server.Http.SendAsync(request);
    }

    private static async Task AssertForbiddenOriginAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("forbidden_origin", body.GetProperty("code").GetString());
        Assert.Equal("Forbidden origin", body.GetProperty("error").GetString());
    }
}
