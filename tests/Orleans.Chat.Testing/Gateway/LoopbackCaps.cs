namespace Orleans.Chat.Testing.Gateway;

/// <summary>
/// Every test connection comes from 127.0.0.1, so a gateway shared by many tests would spend its
/// per-address connection budget at once: shared test gateways lift the per-address caps (the cap
/// tests and the hostile suite run with the defaults).
/// </summary>
public static class LoopbackCaps
{
    public static readonly IReadOnlyDictionary<string, string?> Lifted = new Dictionary<string, string?>
    {
        ["Limits:ConnectionsPerAddress"] = "1000000",
        ["Limits:ConnectsPerAddressPerMinute"] = "1000000",
        ["Limits:ConnectBurstPerAddress"] = "1000000",
        ["SocketIo:MaxPendingSessions"] = "1000000",
        ["SocketIo:MaxPendingSessionsPerAddress"] = "1000000",
    };
}
