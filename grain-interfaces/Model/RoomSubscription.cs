namespace Orleans.Chat.Model;

/// <summary>Answer to a gateway subscribing (or renewing its subscription) to a room's live events.</summary>
[GenerateSerializer, Immutable, Alias("chat.RoomSubscription")]
public sealed record RoomSubscription
{
    /// <summary>False when the room did not know the subscriber: events since may have been missed.</summary>
    [Id(0)] public bool WasSubscribed { get; init; }

    /// <summary>The room's last message seq, so the gateway can see what it missed.</summary>
    [Id(1)] public long LastSeq { get; init; }

    /// <summary>The room's last change seq (edits and deletes), so the gateway can see changes it missed.</summary>
    [Id(2)] public long LastChangeSeq { get; init; }
}
