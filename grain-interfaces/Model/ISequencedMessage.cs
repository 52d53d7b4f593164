namespace Orleans.Chat.Model;

/// <summary>A stored message with a place in its room's or conversation's seq order.</summary>
public interface ISequencedMessage
{
    long Seq { get; }

    /// <summary>The user who sent it (the dedupe key is sender + <see cref="ClientMsgId"/>).</summary>
    string SenderId { get; }

    string? ClientMsgId { get; }

    /// <summary>The owner's change counter at the message's last edit or delete; 0 when never changed.</summary>
    long ChangeSeq { get; }
}
