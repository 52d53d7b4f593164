namespace Orleans.Chat.Grains;

/// <summary>A gateway's live connections of one user; they count until the gateway's lease lapses.</summary>
[GenerateSerializer, Alias("chat.GatewayLease")]
internal sealed class GatewayLease
{
    [Id(0)] public int Connections { get; set; }
}
