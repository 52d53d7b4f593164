using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// Online users reach the stats grain in batches, one per silo per Presence:StatsFlushInterval: counts are
/// awaited, never read right after a connect. Users connect through the fixture's renewed gateway so no
/// lease lapses under a test.
/// </summary>
[Collection(ShortLeaseClusterCollection.Name)]
public sealed class ChatStatsTests(ShortLeaseChatCluster fixture)
{
    private const string Gateway = ChatClusterFixture.TestGateway;

    private readonly IClusterClient _client = fixture.Client;

    private IChatStatsGrain Stats => _client.GetGrain<IChatStatsGrain>(0);

    [Fact]
    public async Task Online_users_and_rooms_are_counted()
    {
        var before = await SettledAsync();
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));

        await TestPresence.Of(_client, alice.Id).Connect(Gateway, alice);
        await TestPresence.Of(_client, alice.Id).Connect(Gateway, alice);
        await TestPresence.Of(_client, bob.Id).Connect(Gateway, bob);
        await _client.GetGrain<IRoomGrain>(TestIds.Room()).Join(new JoinRoomRequest { User = alice });
        await _client.GetGrain<IRoomGrain>(TestIds.Room()).Create(new CreateRoomRequest { Owner = bob, Visibility = RoomVisibility.Private });

        var during = await OnlineUsersReachAsync(before.OnlineUsers + 2);
        Assert.Equal(before.Rooms + 2, during.Rooms);

        await TestPresence.Of(_client, alice.Id).Disconnect(Gateway);
        await TestPresence.Of(_client, alice.Id).Disconnect(Gateway);
        await TestPresence.Of(_client, bob.Id).Disconnect(Gateway);
        await OnlineUsersReachAsync(before.OnlineUsers);
    }

    [Fact]
    public async Task Many_concurrent_connects_and_disconnects_end_at_the_exact_count()
    {
        const int Users = 60;
        const int Leaving = 25;
        var before = await SettledAsync();
        var users = Enumerable.Range(0, Users).Select(_ => TestIds.UserRef()).ToList();

        // Users hold one to three connections; they land on both silos, so both counters take part.
        var connections = users.Select((_, index) => 1 + (index % 3)).ToArray();
        await Task.WhenAll(users.Select((user, index) => ConnectAsync(user, connections[index])));

        // At once: the leaving users drop every connection; of the others, half go offline and come back,
        // half open and close one more connection (no change of count).
        await Task.WhenAll(users.Select(async (user, index) =>
        {
            if (index < Leaving || index % 2 == 0)
            {
                await DisconnectAsync(user, connections[index]);
                connections[index] = 0;
            }

            if (index >= Leaving)
            {
                await ConnectAsync(user, 1);
                connections[index]++;
                if (index % 2 == 1)
                {
                    await DisconnectAsync(user, 1);
                    connections[index]--;
                }
            }
        }));

        await OnlineUsersReachAsync(before.OnlineUsers + Users - Leaving);
        Assert.Equal(before.OnlineUsers + Users - Leaving, (await SettledAsync()).OnlineUsers);

        await Task.WhenAll(users.Select((user, index) => DisconnectAsync(user, connections[index])));
        await OnlineUsersReachAsync(before.OnlineUsers);
    }

    [Fact]
    public async Task Gateways_count_until_their_heartbeat_expires()
    {
        var stats = Stats;
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

    private async Task ConnectAsync(UserRef user, int connections)
    {
        for (var connection = 0; connection < connections; connection++)
        {
            await TestPresence.Of(_client, user.Id).Connect(Gateway, user);
        }
    }

    private async Task DisconnectAsync(UserRef user, int connections)
    {
        for (var connection = 0; connection < connections; connection++)
        {
            await TestPresence.Of(_client, user.Id).Disconnect(Gateway);
        }
    }

    private Task<ClusterStats> OnlineUsersReachAsync(int expected) =>
        Eventually.ProbeAsync(() => Stats.GetStats(), stats => stats.OnlineUsers == expected, $"{expected} online users");

    /// <summary>
    /// The stats once no silo holds an unsent change and the count holds still over a few flushes (earlier
    /// tests' last disconnects may still be on their way).
    /// </summary>
    private async Task<ClusterStats> SettledAsync()
    {
        ClusterStats? settled = null;
        await Eventually.TrueAsync(
            async () =>
            {
                var first = await Stats.GetStats();
                await Task.Delay(ShortLeaseChatCluster.StatsFlushInterval * 4);
                settled = await Stats.GetStats();
                return first.OnlineUsers == settled.OnlineUsers && Counters().All(counter => counter.Pending == 0);
            },
            what: "the online count to settle");
        return settled!;
    }

    private IEnumerable<OnlineUserCounter> Counters() =>
        fixture.Cluster.Silos.Select(silo => fixture.Cluster.GetSiloServiceProvider(silo.SiloAddress).GetRequiredService<OnlineUserCounter>());
}
