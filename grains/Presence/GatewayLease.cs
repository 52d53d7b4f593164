namespace Orleans.Chat.Grains;

/// <summary>A gateway's live connections of one user, counted until the lease expires unrenewed.</summary>
[GenerateSerializer, Alias("chat.GatewayLease")]
internal sealed class GatewayLease
{
    [Id(0)] public int Connections { get; set; }
    [Id(1)] public DateTimeOffset ExpiresAt { get; set; }
}
