using System.Text.Json;
using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

/// <summary>Roles, kicks, room updates and app-defined room events through the SDK.</summary>
[Collection(ClientGatewayCollection.Name)]
public sealed class ModerationTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task SetRole_UpdateRoom_and_Kick_raise_their_events_and_refuse_what_the_role_does_not_permit()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        var carol = await ConnectedAsync(TestIds.User("carol"));
        await alice.CreateRoomAsync(roomId, "Team", RoomVisibility.Private, [UserIdOf(bob), UserIdOf(carol)]);
        await bob.JoinRoomAsync(roomId);
        var carolJoin = await carol.JoinRoomAsync(roomId);
        Assert.Equal(RoomRoles.Owner, carolJoin.Members.Single(m => m.UserId == UserIdOf(alice)).Role);
        Assert.Equal(RoomRoles.Member, carolJoin.Members.Single(m => m.UserId == UserIdOf(bob)).Role);
        var roles = new EventLog<RoleChangedEvent>();
        var updates = new EventLog<RoomUpdatedEvent>();
        var removedAtCarol = new EventLog<MemberRemovedEvent>();
        var removedAtAlice = new EventLog<MemberRemovedEvent>();
        carol.RoleChanged += roles.Handler;
        carol.RoomUpdated += updates.Handler;
        carol.MemberRemoved += removedAtCarol.Handler;
        alice.MemberRemoved += removedAtAlice.Handler;

        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.NotAllowed, () => bob.SetRoleAsync(roomId, UserIdOf(carol), RoomRoles.Admin));
        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.NotFound, () => alice.SetRoleAsync(roomId, TestIds.User("nobody"), RoomRoles.Admin));
        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.InvalidFormat, () => alice.SetRoleAsync(roomId, UserIdOf(bob), RoomRoles.Owner));
        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.NotAllowed, () => carol.KickAsync(roomId, UserIdOf(bob)));
        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.NotAllowed, () => carol.UpdateRoomAsync(roomId, topic: "mine"));

        await alice.SetRoleAsync(roomId, UserIdOf(bob), RoomRoles.Admin);
        Assert.Equal(new RoleChangedEvent { RoomId = roomId, UserId = UserIdOf(bob), Role = RoomRoles.Admin }, await roles.WaitForAsync(_ => true, "role-changed"));

        var updated = await bob.UpdateRoomAsync(roomId, topic: "Release planning");
        Assert.Equal(("Team", "Release planning"), (updated.Room.Name, updated.Room.Topic));
        Assert.Equal("Release planning", (await updates.WaitForAsync(_ => true, "room-updated")).Room.Topic);

        await carol.SendMessageAsync(roomId, "hi");
        await Eventually.ProbeAsync(() => Task.FromResult(alice.UnreadCount(roomId)), n => n == 1, "carol's message unread at alice");
        await bob.KickAsync(roomId, UserIdOf(carol));
        var expected = new MemberRemovedEvent { RoomId = roomId, UserId = UserIdOf(carol), By = UserIdOf(bob) };
        Assert.Equal(expected, await removedAtCarol.WaitForAsync(_ => true, "member-removed at carol"));
        Assert.Equal(expected, await removedAtAlice.WaitForAsync(_ => true, "member-removed at alice"));
        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.NotInRoom, () => carol.SendMessageAsync(roomId, "still here?"));
        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.AccessDenied, () => carol.JoinRoomAsync(roomId));
        Assert.Null(carol.GetLastSeq(roomId)); // forgotten: not re-joined after a reconnect
        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.NotAllowed, () => bob.KickAsync(roomId, UserIdOf(alice)));
    }

    [Fact]
    public async Task Room_events_reach_the_other_members_only_and_bad_ones_are_refused()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync(TestIds.User("alice"));
        var bob = await ConnectedAsync(TestIds.User("bob"));
        await alice.JoinRoomAsync(roomId);
        await bob.JoinRoomAsync(roomId);
        var atBob = new EventLog<RoomAppEvent>();
        var atAlice = new EventLog<RoomAppEvent>();
        bob.RoomEvent += atBob.Handler;
        alice.RoomEvent += atAlice.Handler;

        using var data = JsonDocument.Parse("""{"x":1,"y":[2,3]}""");
        await alice.SendRoomEventAsync(roomId, "cursor-moved", data.RootElement);
        var received = await atBob.WaitForAsync(_ => true, "room-event at bob");
        Assert.Equal((roomId, UserIdOf(alice), "cursor-moved", """{"x":1,"y":[2,3]}"""), (received.RoomId, received.UserId, received.Event, received.Data.GetRawText()));
        await alice.SendRoomEventAsync(roomId, "ping-all");
        Assert.Equal(JsonValueKind.Null, (await atBob.WaitForAsync(e => e.Event == "ping-all", "room-event without data")).Data.ValueKind);

        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.InvalidFormat, () => alice.SendRoomEventAsync(roomId, "Bad Name"));
        using var big = JsonDocument.Parse($"\"{new string('x', 5000)}\"");
        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.PayloadTooLarge, () => alice.SendRoomEventAsync(roomId, "big", big.RootElement));
        var stranger = await ConnectedAsync();
        await MessageChangeTests.AssertCodeAsync(ChatErrorCodes.NotInRoom, () => stranger.SendRoomEventAsync(roomId, "hello"));
        await atAlice.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(0, atAlice.Count);
    }
}
