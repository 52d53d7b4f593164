using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Tests.Logging;

/// <summary>The connection log: a line when a session opens and when it closes, with who, from where, how, and why it ended.</summary>
public sealed class ConnectionLogTests
{
    [Fact]
    public async Task Open_and_close_lines_carry_user_session_address_protocol_transport_duration_and_reason()
    {
        var capture = new LogCapture();
        var settings = new Dictionary<string, string?>(LoopbackCaps.Lifted) { [$"Logging:LogLevel:{ConnectionLog.Category}"] = "Debug" };
        await using var server = await GatewayServer.StartAsync(settings, configure: builder => builder.Logging.AddProvider(capture));

        var native = await server.ConnectAsync();
        await Task.Delay(50);
        await native.DisposeAsync();
        var polling = await RawSocketIoClient.ConnectPollingAsync(server.BaseUri, await server.DevTokenAsync(TestIds.User("polling")));
        await polling.DisposeAsync();
        var aborted = await server.ConnectAsync();
        Assert.Equal(1, ServerSessions.AbortAll(server, aborted.UserId, "aborted by the test"));
        await aborted.Closed.WaitAsync(TestTimeouts.Default);
        await aborted.DisposeAsync();
        var badToken = "forged-" + Guid.NewGuid().ToString("N");
        using (var refused = new ClientWebSocket())
        {
            await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(server.WebSocketUri(badToken), CancellationToken.None));
        }

        var closed = await Eventually.ProbeAsync(
            () => Task.FromResult(capture.Logs.Where(log => log.EventId == ConnectionLog.ClosedEventId).ToList()),
            lines => lines.Count == 3,
            "three session closed lines");
        var opened = capture.Logs.Where(log => log.EventId == ConnectionLog.OpenedEventId).ToList();
        Assert.Equal(3, opened.Count);
        Assert.All(opened.Concat(closed), log =>
        {
            Assert.Equal(ConnectionLog.Category, log.Category);
            Assert.Equal(LogLevel.Information, log.Level);
            Assert.Equal("127.0.0.1", log.Fields["RemoteAddress"]);
            Assert.Equal(32, log.Fields["SessionId"]!.Length);
        });

        var nativeOpen = Assert.Single(opened, log => log.Fields["UserId"] == native.UserId);
        Assert.Equal(("native", "websocket"), (nativeOpen.Fields["Protocol"], nativeOpen.Fields["Transport"]));
        var nativeClose = Assert.Single(closed, log => log.Fields["UserId"] == native.UserId);
        Assert.Equal(nativeOpen.Fields["SessionId"], nativeClose.Fields["SessionId"]);
        Assert.Equal("client closed", nativeClose.Fields["CloseReason"]);
        Assert.InRange(long.Parse(nativeClose.Fields["DurationMs"]!, System.Globalization.CultureInfo.InvariantCulture), 50, 60_000);

        var socketIoClose = Assert.Single(closed, log => log.Fields["UserId"]!.StartsWith("polling-", StringComparison.Ordinal));
        Assert.Equal(("socketio", "polling"), (socketIoClose.Fields["Protocol"], socketIoClose.Fields["Transport"]));
        Assert.False(string.IsNullOrEmpty(socketIoClose.Fields["CloseReason"]));

        var abortedClose = Assert.Single(closed, log => log.Fields["UserId"] == aborted.UserId);
        Assert.Equal("aborted by the test", abortedClose.Fields["CloseReason"]);

        var refusedLine = Assert.Single(capture.Logs, log => log.EventId == ConnectionLog.RefusedEventId);
        Assert.Equal(LogLevel.Debug, refusedLine.Level);
        Assert.Equal(("native", "127.0.0.1"), (refusedLine.Fields["Protocol"], refusedLine.Fields["RemoteAddress"]));
        Assert.StartsWith("auth_failed: ", refusedLine.Fields["Reason"], StringComparison.Ordinal);
        Assert.DoesNotContain(badToken, refusedLine.FullText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_lines_are_off_at_the_default_levels()
    {
        var capture = new LogCapture();
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted), configure: builder => builder.Logging.AddProvider(capture));

        // The open line is written before the connected event is sent: once connected arrived, it would be there.
        await using var native = await server.ConnectAsync();

        Assert.DoesNotContain(capture.Logs, log => log.Category == ConnectionLog.Category);
    }
}
