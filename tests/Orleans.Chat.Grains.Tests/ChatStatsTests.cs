using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

[Collection(ShortLeaseClusterCollection.Name)]
public sealed class ChatStatsTests(ShortLeaseChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Online_users_and_rooms_are_counted()
    {
        var stats = _client.GetGrain<IChatStatsGrain>(0);
        var before = await stats.GetStats();
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var gateway = TestIds.Gateway();

        await _client.GetGrain<IPresenceGrain>(alice.Id).Connect(gateway, alice);
        await _client.GetGrain<IPresenceGrain>(alice.Id).Connect(gateway, alice);
        await _client.GetGrain<IPresenceGrain>(bob.Id).Connect(gateway, bob);
        await _client.GetGrain<IRoomGrain>(TestIds.Room()).Join(new JoinRoomRequest { User = alice });
        await _client.GetGrain<IRoomGrain>(TestIds.Room()).Create(new CreateRoomRequest { Owner = bob, Visibility = RoomVisibility.Private });

        var during = await stats.GetStats();
        Assert.Equal(before.OnlineUsers + 2, during.OnlineUsers);
        Assert.Equal(before.Rooms + 2, during.Rooms);

        await _client.GetGrain<IPresenceGrain>(alice.Id).Disconnect(gateway);
        await _client.GetGrain<IPresenceGrain>(alice.Id).Disconnect(gateway);
        await _client.GetGrain<IPresenceGrain>(bob.Id).Disconnect(gateway);
        Assert.Equal(before.OnlineUsers, (await stats.GetStats()).OnlineUsers);
    }

    [Fact]
    public async Task Gateways_count_until_their_heartbeat_expires()
    {
        var stats = _client.GetGrain<IChatStatsGrain>(0);
        var (lasting, fleeting, removed) = (TestIds.Gateway(), TestIds.Gateway(), TestIds.Gateway());

        await stats.ReportGateway(lasting, 7, TimeSpan.FromMinutes(1));
        await stats.ReportGateway(fleeting, 3, TimeSpan.FromMilliseconds(100));
        await stats.ReportGateway(removed, 1, TimeSpan.FromMinutes(1));
        await stats.RemoveGateway(removed);
        await Task.Delay(200);

        var gateways = (await stats.GetStats()).ConnectionsByGateway;
        Assert.Equal(7, gateways[lasting]);
        Assert.False(gateways.ContainsKey(fleeting));
        Assert.False(gateways.ContainsKey(removed));
        await stats.RemoveGateway(lasting);
    }
}
