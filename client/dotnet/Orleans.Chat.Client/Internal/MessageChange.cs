namespace Orleans.Chat.Client.Internal;

/// <summary>An edit or a delete, as the app gets it: exactly one of the two events is set.</summary>
internal sealed record MessageChange(MessageEditedEvent? Edited, MessageDeletedEvent? Deleted)
{
    public long ChangeSeq => Edited?.ChangeSeq ?? Deleted!.ChangeSeq;

    public static MessageChange Of(MessageEditedEvent edited) => new(edited, null);

    public static MessageChange Of(MessageDeletedEvent deleted) => new(null, deleted);

    /// <summary>A recovered room message (its current state) as the event the app would have had live.</summary>
    public static MessageChange Of(ChatMessage message) => message.Deleted
        ? Of(new MessageDeletedEvent { RoomId = message.RoomId, Seq = message.Seq, Id = message.Id, ChangeSeq = message.ChangeSeq ?? 0, Recovered = true })
        : Of(new MessageEditedEvent
        {
            RoomId = message.RoomId,
            Seq = message.Seq,
            Id = message.Id,
            Content = message.Content,
            EditedAt = message.EditedAt ?? 0,
            EditedBy = message.UserId, // only the author edits
            ChangeSeq = message.ChangeSeq ?? 0,
            Recovered = true,
        });

    /// <inheritdoc cref="Of(ChatMessage)"/>
    public static MessageChange Of(PrivateMessage message) => message.Deleted
        ? Of(new MessageDeletedEvent { ConversationId = message.ConversationId, Seq = message.Seq, Id = message.Id, ChangeSeq = message.ChangeSeq ?? 0, Recovered = true })
        : Of(new MessageEditedEvent
        {
            ConversationId = message.ConversationId,
            Seq = message.Seq,
            Id = message.Id,
            Content = message.Content,
            EditedAt = message.EditedAt ?? 0,
            EditedBy = message.FromUserId,
            ChangeSeq = message.ChangeSeq ?? 0,
            Recovered = true,
        });
}
