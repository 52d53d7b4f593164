using Orleans.Chat.Events;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// Presence lives in partitions, not in the user grains: a connected user's grain may be collected and the user's
/// live events must still find the user's gateways, which the partition tells the user grain about as they change.
/// </summary>
[Collection(ShortLeaseClusterCollection.Name)]
public sealed class PresencePartitionTests(ShortLeaseChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_connected_users_grain_may_go_and_its_next_activation_still_pushes_to_the_users_gateway()
    {
        var (user, sender) = (TestIds.UserRef("user"), TestIds.UserRef("sender"));
        await using var gateway = await UserEventRecorder.SubscribeAsync(_client, user.Id);

        await fixture.Cluster.DeactivateAsync(_client.GetGrain<IUserGrain>(user.Id));
        Assert.Equal(PresenceStatus.Online, (await TestPresence.Of(_client, user.Id).GetPresence()).Status);

        var sent = await SendAsync(sender, user, "after the grain went");
        Assert.True(sent.Delivered, "the new activation found the user's gateway");
        await gateway.WaitForAsync(e => e.PrivateMessage?.Content == "after the grain went", "the private message");
    }

    [Fact]
    public async Task A_gateway_that_lapses_stops_getting_the_users_events_while_the_other_gateway_still_does()
    {
        var (user, sender) = (TestIds.UserRef("user"), TestIds.UserRef("sender"));
        var (renewing, silent) = (TestIds.Gateway(), TestIds.Gateway());
        var registry = _client.GetGrain<IGatewayRegistryGrain>(0);
        await registry.Renew(renewing);
        await registry.Renew(silent);
        await using var kept = await UserEventRecorder.SubscribeAsync(_client, user.Id, renewing);
        await using var lapsing = await UserEventRecorder.SubscribeAsync(_client, user.Id, silent);
        await SendAsync(sender, user, "to both");
        await kept.WaitForAsync(e => e.PrivateMessage?.Content == "to both", "the first message on the kept gateway");
        await lapsing.WaitForAsync(e => e.PrivateMessage?.Content == "to both", "the first message on the lapsing gateway");

        // The silent gateway's lease lapses: the partition drops its connection and tells the (active) user grain.
        var presence = TestPresence.Of(_client, user.Id);
        var until = DateTime.UtcNow + (ShortLeaseChatCluster.LeaseTtl * 3);
        while (DateTime.UtcNow < until && await presence.HoldsLease(silent))
        {
            await registry.Renew(renewing);
            await Task.Delay(200);
        }

        Assert.False(await presence.HoldsLease(silent));
        Assert.Equal((PresenceStatus.Online, 1), ((await presence.GetPresence()).Status, (await presence.GetPresence()).Connections));
        await Eventually.TrueAsync(async () =>
        {
            await SendAsync(sender, user, "to the kept one");
            return kept.Received.Any(e => e.PrivateMessage?.Content == "to the kept one");
        }, what: "a message after the lapse on the kept gateway");
        Assert.DoesNotContain(lapsing.Received, e => e.PrivateMessage?.Content == "to the kept one");
        await registry.Renew(renewing);
    }

    [Fact]
    public async Task A_lost_partition_is_restored_by_the_reassert_which_names_the_users_it_had_lost()
    {
        var (user, sender) = (TestIds.UserRef("user"), TestIds.UserRef("sender"));
        await using var gateway = await UserEventRecorder.SubscribeAsync(_client, user.Id);
        var presence = TestPresence.Of(_client, user.Id);

        // As if the silo of both died (a user grain that survives keeps pushing to the receivers it knows).
        await fixture.Cluster.DeactivateAsync(presence.Partition);
        await fixture.Cluster.DeactivateAsync(_client.GetGrain<IUserGrain>(user.Id));
        Assert.False((await SendAsync(sender, user, "while lost")).Delivered);

        var lost = await presence.Partition.Restore(gateway.GatewayId!, gateway.Reference, [new HeldPresence { User = user, Connections = 1 }]);
        Assert.Equal([user.Id], lost);
        Assert.Equal(PresenceStatus.Online, (await presence.GetPresence()).Status);
        var sent = await SendAsync(sender, user, "after the re-assert");
        Assert.True(sent.Delivered);
        await gateway.WaitForAsync(e => e.PrivateMessage?.Content == "after the re-assert", "the message after the re-assert");
    }

    [Fact]
    public async Task A_status_change_reaches_the_rooms_and_a_disconnect_then_offline_with_no_user_grain_kept()
    {
        var user = TestIds.UserRef();
        var roomId = TestIds.Room();
        await _client.GetGrain<IRoomGrain>(roomId).Join(new JoinRoomRequest { User = user });
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        var presence = TestPresence.Of(_client, user.Id);
        var gateway = TestIds.Gateway();
        await _client.GetGrain<IGatewayRegistryGrain>(0).Renew(gateway);

        await presence.Connect(gateway, user);
        await fixture.Cluster.DeactivateAsync(_client.GetGrain<IUserGrain>(user.Id));
        Assert.Equal(ChatError.None, await presence.SetStatus(PresenceStatus.Busy));
        await fixture.Cluster.DeactivateAsync(_client.GetGrain<IUserGrain>(user.Id));
        await presence.Disconnect(gateway);

        var received = await events.WaitUntilAsync(all => all.Count(e => e.Kind == RoomEventKind.Presence) >= 3);
        Assert.Equal(
            [PresenceStatus.Online, PresenceStatus.Busy, PresenceStatus.Offline],
            received.Where(e => e.Kind == RoomEventKind.Presence).Select(e => e.Presence!.Status));
        Assert.Equal(ChatError.None, await presence.SetStatus(PresenceStatus.Away));
        Assert.Equal(PresenceStatus.Offline, (await presence.GetPresence()).Status);
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

            var presence = TestPresence.Of(_client, user.Id);
            var open = presence.Connect(gateway, user);
            var joins = rooms.Select(room => room.Join(new JoinRoomRequest { User = user })).ToList();
            await Task.WhenAll([open, .. joins]).WaitAsync(TimeSpan.FromSeconds(10));

            Assert.All(joins, join => Assert.Equal(ChatError.None, join.Result.Error));
            Assert.Equal(PresenceStatus.Online, (await presence.GetPresence()).Status);
            await presence.Disconnect(gateway);
        }
    }

    private Task<SendPrivateMessageResult> SendAsync(UserRef from, UserRef to, string content) =>
        _client.GetGrain<IConversationGrain>(ConversationIds.For(from.Id, to.Id))
            .Send(new SendPrivateMessageRequest { Sender = from, RecipientId = to.Id, Content = content });
}
