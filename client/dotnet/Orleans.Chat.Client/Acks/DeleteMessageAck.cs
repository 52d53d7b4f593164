namespace Orleans.Chat.Client;

/// <summary>The answer to <see cref="ChatClient.DeleteMessageAsync"/>.</summary>
public sealed record DeleteMessageAck
{
    /// <summary>The change counter at the delete (deleting a tombstone again answers its existing one).</summary>
    public long ChangeSeq { get; init; }
}
