namespace Orleans.Chat.Grains;

/// <summary>What a repeated (sender, clientMsgId) must be answered with.</summary>
[GenerateSerializer, Alias("chat.PrivateMessageReceipt")]
internal sealed class PrivateMessageReceipt
{
    [Id(0)] public required string SenderId { get; set; }
    [Id(1)] public required string ClientMsgId { get; set; }
    [Id(2)] public required string MessageId { get; set; }
    [Id(3)] public bool Delivered { get; set; }
}
