namespace Orleans.Chat.Client.Internal.Wire;

/// <summary>The ack of refresh-token.</summary>
internal sealed record RefreshTokenAck
{
    public long? ExpiresAt { get; init; }
}
