using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>A user's rooms, their read cursors there, and conversation index.</summary>
[GenerateSerializer, Alias("chat.UserState")]
internal sealed class UserState
{
    /// <summary>Room ids, sorted, without duplicates.</summary>
    [Id(0)] public List<string> Rooms { get; set; } = [];

    /// <summary>
    /// Legacy, read only: private messages queued by versions before conversations. Moved into
    /// their conversations when the grain activates, then cleared.
    /// </summary>
    [Id(1)] public List<PendingPrivateMessage> Pending { get; set; } = [];

    /// <summary>Legacy: the position counter of <see cref="Pending"/>; kept so stored states stay readable.</summary>
    [Id(2)] public long NextQueueSeq { get; set; } = 1;

    /// <summary>Legacy: the old per-recipient dedupe window (dedupe now lives in the conversation); cleared with <see cref="Pending"/>.</summary>
    [Id(3)] public List<PrivateMessageReceipt> RecentPrivate { get; set; } = [];

    /// <summary>Conversation id to this user's view of that conversation.</summary>
    [Id(4)] public Dictionary<string, ConversationEntry> Conversations { get; set; } = [];

    /// <summary>Room id to the user's read cursor there (the highest seq they read); absent is 0.</summary>
    [Id(5)] public Dictionary<string, long> RoomReadSeq { get; set; } = [];
}
