namespace Orleans.Chat.Model;

[GenerateSerializer, Immutable, Alias("chat.JoinRoomRequest")]
public sealed record JoinRoomRequest
{
    [Id(0)] public required UserRef User { get; init; }

    /// <summary>When set, return every retained message after this seq instead of the recent ones.</summary>
    [Id(1)] public long? SinceSeq { get; init; }

    /// <summary>How many recent messages to return when <see cref="SinceSeq"/> is not set.</summary>
    [Id(2)] public int RecentLimit { get; init; } = 50;

    /// <summary>With <see cref="SinceSeq"/>: at most this many messages after it (the oldest ones); the rest by history.</summary>
    [Id(3)] public int RecoveryLimit { get; init; } = 100;

    /// <summary>
    /// With <see cref="SinceSeq"/>: the highest change seq the client has seen. The result then lists
    /// every message at or below SinceSeq changed after it (see <see cref="JoinRoomResult.Changes"/>).
    /// Without it, but with SinceSeq: every retained changed message at or below SinceSeq.
    /// </summary>
    [Id(4)] public long? SinceChangeSeq { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.JoinRoomResult")]
public sealed record JoinRoomResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public RoomInfo? Room { get; init; }
    [Id(2)] public IReadOnlyList<RoomMember> Members { get; init; } = [];
    [Id(3)] public IReadOnlyList<ChatMessage> RecentMessages { get; init; } = [];
    [Id(4)] public long LastSeq { get; init; }

    /// <summary>Set only for a join with SinceSeq: true when no message after SinceSeq was lost to retention.</summary>
    [Id(5)] public bool? Recovered { get; init; }

    /// <summary>True when this join made the user a member (false when already one).</summary>
    [Id(6)] public bool NewMember { get; init; }

    /// <summary>With SinceSeq: true when retained messages between the last one returned and LastSeq were left out (RecoveryLimit).</summary>
    [Id(7)] public bool HasMore { get; init; }

    /// <summary>
    /// With SinceSeq: the current state of the messages at or below SinceSeq edited or deleted after
    /// SinceChangeSeq, in change order, at most RecoveryLimit (then <see cref="HasMoreChanges"/>).
    /// Messages above SinceSeq come in <see cref="RecentMessages"/> as they are now.
    /// </summary>
    [Id(8)] public IReadOnlyList<ChatMessage> Changes { get; init; } = [];

    [Id(9)] public long LastChangeSeq { get; init; }

    /// <summary>More changed messages follow <see cref="Changes"/>: page them with GetChanges.</summary>
    [Id(10)] public bool HasMoreChanges { get; init; }

    public static JoinRoomResult Failed(ChatError error) => new() { Error = error };
}

[GenerateSerializer, Immutable, Alias("chat.CreateRoomRequest")]
public sealed record CreateRoomRequest
{
    [Id(0)] public required UserRef Owner { get; init; }
    [Id(1)] public string? Name { get; init; }
    [Id(2)] public required string Visibility { get; init; }

    /// <summary>Users invited to a private room (the owner is always admitted).</summary>
    [Id(3)] public IReadOnlyList<string> Members { get; init; } = [];
}

[GenerateSerializer, Immutable, Alias("chat.CreateRoomResult")]
public sealed record CreateRoomResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public RoomInfo? Room { get; init; }

    public static CreateRoomResult Failed(ChatError error) => new() { Error = error };
}

[GenerateSerializer, Immutable, Alias("chat.SendMessageRequest")]
public sealed record SendMessageRequest
{
    [Id(0)] public required UserRef Sender { get; init; }
    [Id(1)] public required string Content { get; init; }
    [Id(2)] public string Type { get; init; } = "text";
    [Id(3)] public string? ClientMsgId { get; init; }

    /// <summary>Set by the server API: a backend service may post without being a member.</summary>
    [Id(4)] public bool BypassMembership { get; init; }

    /// <summary>Set by the file grain for a message of type "file" (never from a client's message).</summary>
    [Id(5)] public FileRef? File { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.SendMessageResult")]
public sealed record SendMessageResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public string? MessageId { get; init; }
    [Id(2)] public long Seq { get; init; }

    /// <summary>Unix milliseconds.</summary>
    [Id(3)] public long Timestamp { get; init; }

    /// <summary>True when the clientMsgId was seen before and the first message was returned.</summary>
    [Id(4)] public bool Duplicate { get; init; }

    public static SendMessageResult Failed(ChatError error) => new() { Error = error };
}

[GenerateSerializer, Immutable, Alias("chat.HistoryRequest")]
public sealed record HistoryRequest
{
    [Id(0)] public required string UserId { get; init; }

    /// <summary>Only messages with seq &lt; BeforeSeq (the newest ones below it when both are unset or only this is set).</summary>
    [Id(1)] public long? BeforeSeq { get; init; }

    /// <summary>Only messages with seq &gt; AfterSeq (the oldest ones above it).</summary>
    [Id(2)] public long? AfterSeq { get; init; }
    [Id(3)] public int Limit { get; init; } = 50;

    /// <summary>Set by the gateway itself when repairing a gap: no membership check.</summary>
    [Id(4)] public bool BypassMembership { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.HistoryResult")]
public sealed record HistoryResult
{
    [Id(0)] public ChatError Error { get; init; }

    /// <summary>Ascending seq.</summary>
    [Id(1)] public IReadOnlyList<ChatMessage> Messages { get; init; } = [];
    [Id(2)] public long LastSeq { get; init; }

    public static HistoryResult Failed(ChatError error) => new() { Error = error };
}
