namespace Orleans.Chat.Client;

/// <summary>The server's answer to a ping.</summary>
public sealed record PongEvent
{
    /// <summary>The server's clock, in Unix milliseconds.</summary>
    public long Timestamp { get; init; }
}
