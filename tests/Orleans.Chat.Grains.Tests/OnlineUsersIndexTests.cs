using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>The online-user listing the presence partitions answer: a user once while online anywhere, leases included.</summary>
[Collection(ShortLeaseClusterCollection.Name)]
public sealed class OnlineUsersIndexTests(ShortLeaseChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_user_is_listed_once_while_online_anywhere_and_a_dead_gateways_lease_expiry_removes_them()
    {
        var user = TestIds.UserRef();
        var presence = TestPresence.Of(_client, user.Id);
        var (gatewayA, gatewayB) = (TestIds.Gateway(), TestIds.Gateway());

        await presence.Connect(gatewayA, user);
        await presence.Connect(gatewayB, user);
        Assert.Equal(1, (await ListedAsync()).Count(u => u.Id == user.Id));
        Assert.Equal(user.Name, (await ListedAsync()).Single(u => u.Id == user.Id).Name);

        await presence.Disconnect(gatewayA);
        Assert.Contains(await ListedAsync(), u => u.Id == user.Id);

        // Gateway B dies: nothing renews its lease, which expires after the TTL.
        await Eventually.TrueAsync(async () => !(await ListedAsync()).Any(u => u.Id == user.Id), what: "the expired user to leave the index");
        Assert.Equal(PresenceStatus.Offline, (await presence.GetPresence()).Status);
    }

    [Fact]
    public async Task A_partition_pages_by_id_after_the_cursor()
    {
        // A partition no user id maps to, so that it holds these five alone.
        var partition = _client.GetGrain<IPresencePartitionGrain>(PresencePartitions.Count + 7);
        var gateway = TestIds.Gateway();
        foreach (var id in new[] { "d", "a", "c", "b", "e" })
        {
            await partition.Connect(gateway, TestPresence.DiscardingReceiver(_client), new UserRef { Id = id, Name = id.ToUpperInvariant() });
        }

        var first = await partition.GetPage(null, 2);
        var second = await partition.GetPage("b", 2);
        var last = await partition.GetPage("d", 2);
        var beyond = await partition.GetPage("zzz", 2);

        Assert.Equal(("a,b", true), (Ids(first), first.HasMore));
        Assert.Equal(("c,d", true), (Ids(second), second.HasMore));
        Assert.Equal(("e", false), (Ids(last), last.HasMore));
        Assert.Empty(beyond.Users);
        Assert.Equal("A", first.Users[0].Name);
        foreach (var id in new[] { "a", "b", "c", "d", "e" })
        {
            await partition.Disconnect(gateway, id);
        }

        Assert.Empty((await partition.GetPage(null, 10)).Users);
    }

    private static string Ids(OnlineUsersPage page) => string.Join(',', page.Users.Select(u => u.Id));

    private async Task<List<UserRef>> ListedAsync()
    {
        var all = new List<UserRef>();
        for (var partition = 0; partition < PresencePartitions.Count; partition++)
        {
            string? after = null;
            OnlineUsersPage page;
            do
            {
                page = await _client.GetGrain<IPresencePartitionGrain>(partition).GetPage(after, 100);
                all.AddRange(page.Users);
                after = page.Users.Count > 0 ? page.Users[^1].Id : null;
            }
            while (page.HasMore);
        }

        return all;
    }
}
