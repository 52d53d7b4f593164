namespace Orleans.Chat.Grains;

/// <summary>A user's rooms, queued private messages and private-message dedupe window.</summary>
[GenerateSerializer, Alias("chat.UserState")]
internal sealed class UserState
{
    /// <summary>Room ids, sorted, without duplicates.</summary>
    [Id(0)] public List<string> Rooms { get; set; } = [];

    /// <summary>Private messages that arrived while the user had no live connection, oldest first.</summary>
    [Id(1)] public List<PendingPrivateMessage> Pending { get; set; } = [];

    [Id(2)] public long NextQueueSeq { get; set; } = 1;

    /// <summary>The most recent private messages that carried a clientMsgId, oldest first.</summary>
    [Id(3)] public List<PrivateMessageReceipt> RecentPrivate { get; set; } = [];
}
