namespace Orleans.Chat.Cluster.Tests;

/// <summary>Edits and kicks with the room's members spread over two gateways (rooms on either silo).</summary>
[Collection(TwoByTwoClusterCollection.Name)]
public sealed class ModerationDeliveryTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly ChatCluster _cluster;

    public ModerationDeliveryTests(TwoByTwoClusterFixture fixture, ITestOutputHelper output)
    {
        _cluster = fixture.Cluster;
        _cluster.Output = output;
    }

    [Fact]
    public Task A_kicked_users_connections_on_both_gateways_get_member_removed_and_then_nothing_more_of_the_room() => _cluster.RunAsync(async () =>
    {
        var (gateway1, gateway2) = (_cluster.Gateways[0], _cluster.Gateways[1]);
        var (ownerId, memberId, victimId) = (TestIds.User(), TestIds.User(), TestIds.User());
        await using var owner = await gateway1.ConnectAsync(ownerId);
        await using var member = await gateway2.ConnectAsync(memberId);
        var victimToken = await gateway1.DevTokenAsync(victimId);
        await using var victim1 = await gateway1.ConnectWithTokenAsync(victimToken, victimId);
        await using var victim2 = await gateway2.ConnectWithTokenAsync(victimToken, victimId);

        var room = TestIds.Room();
        await owner.RequestOkAsync("create-room", new { roomId = room, name = "Moderated", visibility = "public" });
        await member.RequestOkAsync("join-room", room);
        await victim1.RequestOkAsync("join-room", room);
        await ChatChecks.WaitUntilSubscribedAsync(victim2, owner, room);

        // An edit reaches every member's connection on both gateways.
        var seq = (await owner.RequestOkAsync("message", new { roomId = room, content = "rules" })).GetProperty("seq").GetInt64();
        await owner.RequestOkAsync("edit-message", new { roomId = room, seq, content = "rules, v2" });
        foreach (var client in new[] { owner, member, victim1, victim2 })
        {
            var edited = await client.WaitForEventAsync("message-edited", d => d.GetProperty("roomId").GetString() == room);
            Assert.Equal("rules, v2", edited.GetProperty("content").GetString());
        }

        await owner.RequestOkAsync("kick", new { roomId = room, userId = victimId });

        foreach (var client in new[] { owner, member, victim1, victim2 })
        {
            var removed = await client.WaitForEventAsync("member-removed", d => d.GetProperty("roomId").GetString() == room);
            Assert.Equal(victimId, removed.GetProperty("userId").GetString());
            Assert.Equal(ownerId, removed.GetProperty("by").GetString());
        }

        await owner.RequestOkAsync("message", new { roomId = room, content = "after the kick" });
        await owner.RequestOkAsync("edit-message", new { roomId = room, seq, content = "rules, v3" });
        await member.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "after the kick");
        await member.WaitForEventAsync("message-edited", d => d.GetProperty("content").GetString() == "rules, v3");
        foreach (var victim in new[] { victim1, victim2 })
        {
            await victim.AssertNoEventAsync("new-message", Quiet, d => d.GetProperty("content").GetString() == "after the kick");
            Assert.DoesNotContain(victim.Received("message-edited"), d => d.GetProperty("content").GetString() == "rules, v3");
            Assert.Single(victim.Received("member-removed"));
        }

        // The kicked user is no member any more: the room refuses them.
        ChatChecks.AssertError(await victim1.RequestAsync("message", new { roomId = room, content = "let me back" }), "not_in_room");
    });
}
