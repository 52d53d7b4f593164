namespace Orleans.Chat.Grains;

/// <summary>Legacy: an entry of the old per-recipient dedupe window, kept so stored user states stay readable.</summary>
[GenerateSerializer, Alias("chat.PrivateMessageReceipt")]
internal sealed class PrivateMessageReceipt
{
    [Id(0)] public required string SenderId { get; set; }
    [Id(1)] public required string ClientMsgId { get; set; }
    [Id(2)] public required string MessageId { get; set; }
    [Id(3)] public bool Delivered { get; set; }
}
