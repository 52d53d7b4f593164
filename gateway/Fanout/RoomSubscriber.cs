using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>A session in a room's local registry, with the seq of the last message it was given.</summary>
internal sealed class RoomSubscriber(ChatSession session, long cursor)
{
    /// <summary>Cursor value of a session that has no baseline yet: it accepts the next message as one.</summary>
    public const long NoBaseline = -1;

    public ChatSession Session { get; } = session;

    /// <summary>Seq of the last message delivered (or known to the client). Touched only under the topic's gate.</summary>
    public long Cursor { get; set; } = cursor;
}
