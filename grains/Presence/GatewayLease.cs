namespace Orleans.Chat.Grains;

/// <summary>A gateway's live connections of one user; they count until the gateway's lease lapses.</summary>
[GenerateSerializer, Alias("chat.GatewayLease")]
internal sealed class GatewayLease
{
    [Id(0)] public int Connections { get; set; }

    /// <summary>
    /// The gateway's liveness stamp these connections were last asserted at; null until this activation
    /// tracks them (not serialized: a migrated grain tracks its counts again on the new silo).
    /// </summary>
    [NonSerialized]
    internal long? Stamp;
}
