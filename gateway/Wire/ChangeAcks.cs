using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

// The acks of the events that change or list stored messages, read state and rooms (issue 12).

/// <summary>edit-message: when the edit was made (Unix ms) and its change seq.</summary>
public sealed record EditMessageAck(long EditedAt, long ChangeSeq)
{
    public bool Success => true;
}

/// <summary>delete-message: the delete's change seq (the tombstone's existing one when it was deleted before).</summary>
public sealed record DeleteMessageAck(long ChangeSeq)
{
    public bool Success => true;
}

/// <summary>get-changes of a room: the changed messages as they are now, ascending by changeSeq.</summary>
public sealed record RoomChangesAck(IReadOnlyList<ChatMessage> Messages, long LastChangeSeq, bool HasMore)
{
    public bool Success => true;
}

/// <summary>get-changes of a conversation.</summary>
public sealed record ConversationChangesAck(IReadOnlyList<PrivateMessage> Messages, long LastChangeSeq, bool HasMore)
{
    public bool Success => true;
}

/// <summary>get-rooms: the user's room summaries, most recently active first.</summary>
public sealed record RoomsAck(IReadOnlyList<RoomSummary> Rooms)
{
    public bool Success => true;
}

/// <summary>update-room: the room as it is after the update.</summary>
public sealed record UpdateRoomAck(RoomInfo Room)
{
    public bool Success => true;
}
