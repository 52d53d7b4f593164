using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Events;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Every test leaves its users offline, so the stats tests sharing this cluster count exactly.</summary>
[Collection(ShortLeaseClusterCollection.Name)]
public sealed class PresenceTests(ShortLeaseChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task User_is_online_while_any_gateway_holds_a_connection()
    {
        var user = TestIds.UserRef();
        var presence = TestPresence.Of(_client, user.Id);
        var (gatewayA, gatewayB) = (TestIds.Gateway(), TestIds.Gateway());
        Assert.Equal(PresenceStatus.Offline, (await presence.GetPresence()).Status);

        await presence.Connect(gatewayA, user);
        await presence.Connect(gatewayA, user);
        await presence.Connect(gatewayB, user);
        Assert.Equal((PresenceStatus.Online, 3), await StatusAsync(presence));

        await presence.Disconnect(gatewayB);
        Assert.Equal((PresenceStatus.Online, 2), await StatusAsync(presence));
        await presence.Disconnect(gatewayA);
        Assert.Equal((PresenceStatus.Online, 1), await StatusAsync(presence));
        await presence.Disconnect(gatewayA);
        Assert.Equal((PresenceStatus.Offline, 0), await StatusAsync(presence));
    }

    [Fact]
    public async Task Gateway_that_stops_renewing_takes_its_users_offline_and_rooms_hear_of_it()
    {
        var (user, watcher) = (TestIds.UserRef("user"), TestIds.UserRef("watcher"));
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        await room.Join(new JoinRoomRequest { User = watcher });
        await room.Join(new JoinRoomRequest { User = user });
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        var presence = TestPresence.Of(_client, user.Id);
        var (renewing, silent) = (TestIds.Gateway(), TestIds.Gateway());

        await presence.Connect(renewing, user);
        await presence.Connect(silent, user);
        var members = (await room.Join(new JoinRoomRequest { User = watcher })).Members;
        Assert.Equal(PresenceStatus.Online, members.Single(member => member.UserId == user.Id).Status);

        // Renew one gateway's lease past the other's TTL: only the silent one's connection lapses.
        var registry = _client.GetGrain<IGatewayRegistryGrain>(0);
        await registry.Renew(silent);
        await KeepRenewingAsync(ShortLeaseChatCluster.LeaseTtl * 2, async () => Assert.False(await registry.Renew(renewing)));

        await Eventually.TrueAsync(async () => (await presence.GetPresence()).Connections == 1, what: "the silent gateway's lease to lapse");
        Assert.Equal(PresenceStatus.Online, (await presence.GetPresence()).Status);
        Assert.True(await presence.HoldsLease(renewing));
        Assert.False(await presence.HoldsLease(silent));

        // Now nothing renews: the user goes offline after the TTL.
        await Eventually.TrueAsync(async () => (await presence.GetPresence()).Status == PresenceStatus.Offline, what: "the user to go offline");

        var received = await events.WaitUntilAsync(all => all.Any(e => e.Presence?.Status == PresenceStatus.Offline));
        var updates = received.Where(e => e.Kind == RoomEventKind.Presence).Select(e => e.Presence!).ToList();
        Assert.All(updates, update => Assert.Equal(user.Id, update.UserId));
        Assert.Equal([PresenceStatus.Online, PresenceStatus.Offline], updates.Select(update => update.Status));

        var after = (await room.Join(new JoinRoomRequest { User = watcher })).Members;
        Assert.Equal(PresenceStatus.Offline, after.Single(member => member.UserId == user.Id).Status);
    }

    [Fact]
    public async Task A_lost_presence_partition_is_restored_by_the_gateways_reassert()
    {
        var user = TestIds.UserRef();
        var presence = TestPresence.Of(_client, user.Id);
        var gateway = TestIds.Gateway();
        await presence.Connect(gateway, user);
        await presence.Connect(gateway, user);
        Assert.True(await presence.HoldsLease(gateway));

        // As if its silo died: the in-memory counts are gone.
        await fixture.Cluster.DeactivateAsync(presence.Partition);
        Assert.False(await presence.HoldsLease(gateway));
        Assert.Equal((PresenceStatus.Offline, 0), await StatusAsync(presence));

        Assert.True(await presence.RestoreLease(gateway, user, connections: 2), "the re-assert finds the count lost");
        Assert.Equal((PresenceStatus.Online, 2), await StatusAsync(presence));
        Assert.True(await presence.HoldsLease(gateway));

        // A re-assert never overrides a count the partition holds.
        Assert.False(await presence.RestoreLease(gateway, user, connections: 5));
        Assert.Equal((PresenceStatus.Online, 2), await StatusAsync(presence));

        await presence.Disconnect(gateway);
        await presence.Disconnect(gateway);
        Assert.Equal((PresenceStatus.Offline, 0), await StatusAsync(presence));
    }

    [Fact]
    public async Task A_lapsed_gateway_that_renews_again_is_told_and_its_reassert_brings_the_user_back()
    {
        var user = TestIds.UserRef();
        var presence = TestPresence.Of(_client, user.Id);
        var registry = _client.GetGrain<IGatewayRegistryGrain>(0);
        var gateway = TestIds.Gateway();
        Assert.False(await registry.Renew(gateway));
        await presence.Connect(gateway, user);

        // Cut off for longer than the TTL: its connections are dropped.
        await Eventually.TrueAsync(async () => (await presence.GetPresence()).Status == PresenceStatus.Offline, what: "the lapse to take the user offline");
        Assert.False(await presence.HoldsLease(gateway));

        // Back: the registry tells it once that it had lapsed, and it re-asserts its users.
        Assert.True(await registry.Renew(gateway));
        Assert.False(await registry.Renew(gateway));
        await presence.RestoreLease(gateway, user, connections: 1);
        Assert.Equal((PresenceStatus.Online, 1), await StatusAsync(presence));

        // Later checks (the registry answers "live" now) leave the re-asserted count alone.
        await KeepRenewingAsync(ShortLeaseChatCluster.LeaseTtl, () => registry.Renew(gateway));

        Assert.Equal((PresenceStatus.Online, 1), await StatusAsync(presence));
        Assert.True(await presence.HoldsLease(gateway));
        await presence.Disconnect(gateway);
        Assert.Equal((PresenceStatus.Offline, 0), await StatusAsync(presence));
    }

    [Fact]
    public async Task A_lost_registry_activation_takes_no_one_offline_while_gateways_renew()
    {
        var user = TestIds.UserRef();
        var presence = TestPresence.Of(_client, user.Id);
        var registry = _client.GetGrain<IGatewayRegistryGrain>(0);
        var gateway = TestIds.Gateway();
        await registry.Renew(gateway);
        await presence.Connect(gateway, user);

        // Halfway the registry forgets every lease: unknown gateways get a grace lease, and renewals carry on.
        await KeepRenewingAsync(
            ShortLeaseChatCluster.LeaseTtl * 2,
            async () => Assert.False(await registry.Renew(gateway)),
            halfway: () => fixture.Cluster.DeactivateAsync(registry));

        Assert.Equal((PresenceStatus.Online, 1), await StatusAsync(presence));
        Assert.True(await presence.HoldsLease(gateway));
        await presence.Disconnect(gateway);
    }

    [Fact]
    public async Task A_gateway_that_leaves_takes_its_remaining_users_offline_at_once()
    {
        var user = TestIds.UserRef();
        var presence = TestPresence.Of(_client, user.Id);
        var registry = _client.GetGrain<IGatewayRegistryGrain>(0);
        var gateway = TestIds.Gateway();
        await registry.Renew(gateway);
        await presence.Connect(gateway, user);

        await registry.Leave(gateway);

        await Eventually.TrueAsync(async () => (await presence.GetPresence()).Status == PresenceStatus.Offline, what: "the user to go offline");
        Assert.False(await presence.HoldsLease(gateway));
    }

    [Fact]
    public async Task Status_is_settable_to_online_away_or_busy_only()
    {
        var user = TestIds.UserRef();
        var roomId = TestIds.Room();
        await _client.GetGrain<IRoomGrain>(roomId).Join(new JoinRoomRequest { User = user });
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        var presence = TestPresence.Of(_client, user.Id);
        var gateway = TestIds.Gateway();
        await presence.Connect(gateway, user);

        Assert.Equal(ChatError.InvalidFormat, await presence.SetStatus(PresenceStatus.Offline));
        Assert.Equal(ChatError.InvalidFormat, await presence.SetStatus("sleeping"));
        Assert.Equal(ChatError.None, await presence.SetStatus(PresenceStatus.Away));
        Assert.Equal(PresenceStatus.Away, (await presence.GetPresence()).Status);
        await presence.Disconnect(gateway);

        var received = await events.WaitUntilAsync(all => all.Count(e => e.Kind == RoomEventKind.Presence) >= 3);
        Assert.Equal(
            [PresenceStatus.Online, PresenceStatus.Away, PresenceStatus.Offline],
            received.Where(e => e.Kind == RoomEventKind.Presence).Select(e => e.Presence!.Status));
    }

    /// <summary>Renews every 200 ms for <paramref name="duration"/>, as a live gateway would; <paramref name="halfway"/> runs once midway.</summary>
    private static async Task KeepRenewingAsync(TimeSpan duration, Func<Task> renew, Func<Task>? halfway = null)
    {
        var until = DateTime.UtcNow + duration;
        var midway = until - duration / 2;
        while (DateTime.UtcNow < until)
        {
            if (halfway is not null && DateTime.UtcNow > midway)
            {
                await halfway();
                halfway = null;
            }

            await renew();
            await Task.Delay(200);
        }
    }

    private static async Task<(string Status, int Connections)> StatusAsync(TestPresence presence)
    {
        var info = await presence.GetPresence();
        return (info.Status, info.Connections);
    }
}
