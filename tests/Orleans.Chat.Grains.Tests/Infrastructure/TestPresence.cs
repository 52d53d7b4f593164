using System.Collections.Concurrent;
using Orleans.Chat.Events;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests.Infrastructure;

/// <summary>
/// One user's presence driven the way gateways drive it: connections open through the user grain (which
/// publishes online to the rooms) and close at the user's presence partition; reads go to the partition.
/// </summary>
public sealed class TestPresence(IClusterClient client, string userId)
{
    private static readonly ConcurrentDictionary<IClusterClient, IUserObserver> Receivers = new();

    public IPresencePartitionGrain Partition { get; } = client.GetGrain<IPresencePartitionGrain>(PresencePartitions.PartitionOf(userId));

    public static TestPresence Of(IClusterClient client, string userId) => new(client, userId);

    /// <summary>A receiver that drops what it gets: for connections whose live events no test reads.</summary>
    public static IUserObserver DiscardingReceiver(IClusterClient client) =>
        Receivers.GetOrAdd(client, static c => c.CreateObjectReference<IUserObserver>(new DiscardingObserver()));

    public Task Connect(string gatewayId, UserRef user, IUserObserver? receiver = null) =>
        client.GetGrain<IUserGrain>(user.Id).OpenSession(new SessionOpening
        {
            GatewayId = gatewayId,
            User = user,
            Receiver = receiver ?? DiscardingReceiver(client),
            SidebarLimit = 0,
            PendingLimit = 0,
        });

    public Task Disconnect(string gatewayId) => Partition.Disconnect(gatewayId, userId);

    public Task<PresenceInfo> GetPresence() => Partition.GetPresence(userId);

    public Task<bool> HoldsLease(string gatewayId) => Partition.HoldsLease(userId, gatewayId);

    public Task<ChatError> SetStatus(string status) => client.GetGrain<IUserGrain>(userId).SetStatus(status);

    /// <summary>The gateway re-asserts its connections of this one user; true when the partition had lost them.</summary>
    public async Task<bool> RestoreLease(string gatewayId, UserRef user, int connections, IUserObserver? receiver = null) =>
        (await Partition.Restore(gatewayId, receiver ?? DiscardingReceiver(client), [new HeldPresence { User = user, Connections = connections }])).Count > 0;

    private sealed class DiscardingObserver : IUserObserver
    {
        public Task OnUserEvent(UserEvent userEvent) => Task.CompletedTask;
    }
}
