using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>A queued private message and its position in the user's queue.</summary>
[GenerateSerializer, Alias("chat.PendingPrivateMessage")]
internal sealed class PendingPrivateMessage
{
    [Id(0)] public long QueueSeq { get; set; }
    [Id(1)] public required PrivateMessage Message { get; set; }
}
