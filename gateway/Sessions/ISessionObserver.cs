using System.Text.Json;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Watches the sessions of this gateway (e.g. an operator view). Installed on <see cref="SessionRegistry.Observer"/>
/// only while someone watches, so with none the hot path pays one null check. Calls come from many threads
/// and under session locks: implementations must be quick and never block or throw.
/// </summary>
public interface ISessionObserver
{
    void SessionOpened(ChatSession session);

    void SessionClosed(ChatSession session);

    void RoomJoined(ChatSession session, string roomId);

    void RoomLeft(ChatSession session, string roomId);

    /// <summary>A client event arrived; <paramref name="data"/> is valid only during the call.</summary>
    void EventReceived(ChatSession session, string name, JsonElement data);

    /// <summary>A frame was queued for the session, encoded for its protocol.</summary>
    void FrameSent(ChatSession session, ReadOnlyMemory<byte> frame);
}
