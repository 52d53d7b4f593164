using System.Text.Json.Serialization;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>{ success: true } for requests that return nothing else.</summary>
public sealed record SuccessAck
{
    public static readonly SuccessAck Instance = new();
    public bool Success => true;
}

/// <summary>
/// The join-room ack. <see cref="Changes"/> (the messages at or below sinceSeq changed since
/// sinceChangeSeq) and <see cref="HasMoreChanges"/> are left out when there are none.
/// </summary>
public sealed record JoinRoomAck(
    RoomInfo Room,
    IReadOnlyList<RoomMember> Members,
    IReadOnlyList<ChatMessage> RecentMessages,
    long LastSeq,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Recovered,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool HasMore = false,
    long LastChangeSeq = 0,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ChatMessage>? Changes = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool HasMoreChanges = false)
{
    public bool Success => true;
}

public sealed record CreateRoomAck(RoomInfo Room)
{
    public bool Success => true;
}

public sealed record MessageAck(string MessageId, long Seq, long Timestamp)
{
    public bool Success => true;
}

public sealed record HistoryAck(IReadOnlyList<ChatMessage> Messages)
{
    public bool Success => true;
}
