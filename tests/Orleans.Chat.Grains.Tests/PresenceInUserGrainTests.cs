using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// Presence is served by the user's grain: one activation per connected user. What that sharing must not
/// break: a room joining the user while the user publishes presence to it, and the one liveness entry
/// the subscriptions and the connection counts of a gateway share.
/// </summary>
[Collection(ShortLeaseClusterCollection.Name)]
public sealed class PresenceInUserGrainTests(ShortLeaseChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public void Presence_and_user_of_one_id_are_one_grain()
    {
        var userId = TestIds.User();
        Assert.Equal(_client.GetGrain<IUserGrain>(userId).GetGrainId(), _client.GetGrain<IPresenceGrain>(userId).GetGrainId());
    }

    [Fact]
    public async Task Going_online_while_a_room_joins_the_user_does_not_deadlock()
    {
        // A room's join waits on the user grain (AddRoom, for a member joining again) while the user grain, opening a
        // session and going online, waits on the room (PublishPresence): without PublishPresence interleaving, each
        // would wait for the other. The user's summaries read (GetSummary interleaves) lets the joins start meanwhile.
        var gateway = TestIds.Gateway();
        await _client.GetGrain<IGatewayRegistryGrain>(0).Renew(gateway);
        for (var round = 0; round < 10; round++)
        {
            var user = TestIds.UserRef();
            var rooms = Enumerable.Range(0, 8).Select(_ => _client.GetGrain<IRoomGrain>(TestIds.Room())).ToList();
            foreach (var room in rooms)
            {
                Assert.Equal(ChatError.None, (await room.Join(new JoinRoomRequest { User = user })).Error);
            }

            var open = _client.GetGrain<IUserGrain>(user.Id).OpenSession(new SessionOpening { GatewayId = gateway, User = user, SidebarLimit = 10, PendingLimit = 10 });
            var joins = rooms.Select(room => room.Join(new JoinRoomRequest { User = user })).ToList();
            await Task.WhenAll([open, .. joins]).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.All(joins, join => Assert.Equal(ChatError.None, join.Result.Error));
            var presence = _client.GetGrain<IPresenceGrain>(user.Id);
            Assert.Equal(PresenceStatus.Online, (await presence.GetPresence()).Status);
            await presence.Disconnect(gateway);
        }
    }

    [Fact]
    public async Task A_gateway_whose_subscription_went_still_takes_the_users_connections_when_it_lapses()
    {
        var user = TestIds.UserRef();
        var presence = _client.GetGrain<IPresenceGrain>(user.Id);
        var gateway = TestIds.Gateway();
        await _client.GetGrain<IGatewayRegistryGrain>(0).Renew(gateway);

        // Subscription and connection from the same gateway: one liveness entry for the grain.
        await using var subscription = await UserEventRecorder.SubscribeAsync(_client, user.Id, gateway);
        await presence.Connect(gateway, user);
        await _client.GetGrain<IUserGrain>(user.Id).Unsubscribe(subscription.Reference);

        // The gateway stops renewing: its connection must still lapse, though the subscription untracked.
        await Eventually.TrueAsync(async () => (await presence.GetPresence()).Status == PresenceStatus.Offline, what: "the user to go offline");
        Assert.Equal(0, (await presence.GetPresence()).Connections);
    }

    [Fact]
    public async Task A_gateway_whose_connections_went_still_drops_its_subscription_when_it_lapses()
    {
        var user = TestIds.UserRef();
        var presence = _client.GetGrain<IPresenceGrain>(user.Id);
        var userGrain = _client.GetGrain<IUserGrain>(user.Id);
        var (renewing, silent) = (TestIds.Gateway(), TestIds.Gateway());
        var registry = _client.GetGrain<IGatewayRegistryGrain>(0);
        await registry.Renew(renewing);
        await registry.Renew(silent);

        await presence.Connect(renewing, user);
        await presence.Connect(silent, user);
        await using var subscription = await UserEventRecorder.SubscribeAsync(_client, user.Id, silent);
        await presence.Disconnect(silent);

        // The silent gateway lapses: the user stays online (the renewing gateway holds a connection), and the
        // lapse reaches the subscription though the connection count that shared its tracking is gone.
        var until = DateTime.UtcNow + (ShortLeaseChatCluster.LeaseTtl * 3);
        while (DateTime.UtcNow < until)
        {
            await registry.Renew(renewing);
            await Task.Delay(200);
        }

        Assert.Equal((PresenceStatus.Online, 1), await StatusAsync(presence));
        Assert.False(await userGrain.Subscribe(subscription.Reference, silent), "the lapsed subscription was dropped, so subscribing again is new");
        await presence.Disconnect(renewing);
    }

    private static async Task<(string Status, int Connections)> StatusAsync(IPresenceGrain presence)
    {
        var info = await presence.GetPresence();
        return (info.Status, info.Connections);
    }
}
