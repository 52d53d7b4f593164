namespace Orleans.Chat.Grains;

/// <summary>A gateway's last reported connection count, valid until it expires.</summary>
internal readonly record struct GatewayHeartbeat(int Connections, DateTimeOffset ExpiresAt);
