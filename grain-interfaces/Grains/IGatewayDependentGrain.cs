namespace Orleans.Chat.Grains;

/// <summary>
/// A grain that holds something on behalf of gateways (presence connections, live-event subscribers).
/// The silo's gateway liveness check calls it once when such a gateway's lease lapses.
/// </summary>
[Alias("chat.IGatewayDependentGrain")]
public interface IGatewayDependentGrain : IAddressable
{
    /// <summary>Drops what the gateway held here, unless the gateway re-asserted it since the lapse.</summary>
    [Alias("GatewayLapsed")] Task GatewayLapsed(string gatewayId);
}
