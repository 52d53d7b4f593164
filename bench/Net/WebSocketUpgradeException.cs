namespace Orleans.Chat.Bench.Net;

/// <summary>The server answered the WebSocket upgrade with something other than 101 and the right accept key.</summary>
public sealed class WebSocketUpgradeException(string message) : IOException(message);
