namespace Orleans.Chat.Grains;

/// <summary>
/// The one lease per gateway (key 0, one per cluster, in memory). Each gateway renews its own lease
/// once per Gateway:LeaseRenewInterval; each silo asks once per Presence:GatewayCheckInterval which of
/// the gateways its grains depend on have lapsed. A dead gateway's users and subscriptions go with that
/// single lapse: nothing is renewed per user or per subscription.
/// </summary>
[Alias("chat.IGatewayRegistryGrain")]
public interface IGatewayRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Extends the gateway's lease by Presence:LeaseTtl. True when the registry had declared it lapsed:
    /// silos may have dropped its users and subscriptions, so the gateway re-asserts them.
    /// </summary>
    [Alias("Renew")] Task<bool> Renew(string gatewayId);

    /// <summary>The gateway is stopping: its lease lapses now.</summary>
    [Alias("Leave")] Task Leave(string gatewayId);

    /// <summary>
    /// Which of the given gateways have lapsed. One the registry does not know (its activation was lost,
    /// or the gateway died with it) gets a lease of one TTL from now, so it lapses if it never renews.
    /// </summary>
    [Alias("FindLapsed")] Task<IReadOnlyList<string>> FindLapsed(IReadOnlyList<string> gatewayIds);
}
