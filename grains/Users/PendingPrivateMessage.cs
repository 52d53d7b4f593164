using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>Legacy: a private message queued by versions before conversations (see <see cref="UserState.Pending"/>).</summary>
[GenerateSerializer, Alias("chat.PendingPrivateMessage")]
internal sealed class PendingPrivateMessage
{
    [Id(0)] public long QueueSeq { get; set; }
    [Id(1)] public required PrivateMessage Message { get; set; }
}
