namespace Orleans.Chat.SocketIo.Tests.Infrastructure;

/// <summary>Opens a WebSocket Engine.IO session and joins the main namespace, as the socket.io suite's initSocketIOConnection does.</summary>
public static class SocketIoTestConnection
{
    public static async Task<(WebSocketTestClient Socket, string Sid)> ConnectMainAsync(EngineIoTestClient client)
    {
        var socket = await client.ConnectWebSocketAsync();
        await socket.ReceiveTextAsync();
        await socket.SendTextAsync("40");
        var connect = await socket.ReceiveTextSkippingPingsAsync();
        Assert.StartsWith("40{", connect, StringComparison.Ordinal);
        Assert.Equal("""42["auth",{}]""", await socket.ReceiveTextSkippingPingsAsync());
        using var json = System.Text.Json.JsonDocument.Parse(connect[2..]);
        return (socket, json.RootElement.GetProperty("sid").GetString()!);
    }
}
