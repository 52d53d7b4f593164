namespace Orleans.Chat.Bench.Net;

/// <summary>Receives what a <see cref="RawWebSocket"/> reads. Called from the socket's single receive loop.</summary>
public interface IWebSocketReceiver
{
    /// <summary>One complete text or binary message; the span is only valid during the call.</summary>
    void OnMessage(ReadOnlySpan<byte> message);

    void OnClosed(Exception? error);
}
