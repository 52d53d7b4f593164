using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// A session in a room's local registry, with the seq of the last message and the change seq of
/// the last edit or delete it was given.
/// </summary>
internal sealed class RoomSubscriber(ChatSession session, long cursor, long changeCursor)
{
    /// <summary>Cursor value of a session that has no baseline yet: it accepts the next message (or change) as one.</summary>
    public const long NoBaseline = -1;

    public ChatSession Session { get; } = session;

    /// <summary>Seq of the last message delivered (or known to the client). Touched only under the topic's gate.</summary>
    public long Cursor { get; set; } = cursor;

    /// <summary>Change seq of the last edit or delete delivered (or known to the client). Touched only under the topic's gate.</summary>
    public long ChangeCursor { get; set; } = changeCursor;

    /// <summary>Seq of the first message delivered live (0: none yet); live deliveries are [FirstLiveSeq, Cursor].</summary>
    public long FirstLiveSeq { get; set; }

    /// <summary>
    /// Set while the session runs a join of this room: live messages and changes wait (the cursors
    /// stay put) so they come after the join ack, repaired from history, instead of before it.
    /// </summary>
    public bool Paused { get; set; }

    public void Deliver(OutboundEvent message, long seq)
    {
        Session.Enqueue(message);
        Cursor = seq;
        if (FirstLiveSeq == 0)
        {
            FirstLiveSeq = seq;
        }
    }

    public void DeliverChange(OutboundEvent change, long changeSeq)
    {
        Session.Enqueue(change);
        ChangeCursor = changeSeq;
    }
}
