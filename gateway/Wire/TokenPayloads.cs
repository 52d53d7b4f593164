using System.Text.Json.Serialization;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>token-expiring: the connection's token expires at <paramref name="ExpiresAt"/> (Unix ms); send refresh-token before.</summary>
public sealed record TokenExpiringEvent(long ExpiresAt);

/// <summary>The ack of refresh-token: when the new token expires (Unix ms); absent for a token without exp.</summary>
public sealed record RefreshTokenAck([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ExpiresAt)
{
    public bool Success => true;
}
