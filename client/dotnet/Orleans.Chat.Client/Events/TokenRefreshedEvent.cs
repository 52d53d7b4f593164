namespace Orleans.Chat.Client;

/// <summary>The server took a new token from the token provider in-band: the connection goes on.</summary>
public sealed record TokenRefreshedEvent
{
    /// <summary>When the new token expires, in Unix milliseconds; null for a token without exp.</summary>
    public long? ExpiresAt { get; init; }
}
