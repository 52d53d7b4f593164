using Orleans.Chat.Events;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Roles, kicks and room updates: who may do what, what is stored and what is published.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class RoomModerationTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task The_owner_sets_roles_which_members_carry_and_nobody_else_may()
    {
        var (room, roomId, owner, admin, member) = await RoomAsync(RoomVisibility.Public);
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);

        Assert.Equal(ChatError.None, await room.SetRole(owner.Id, member.Id, RoomRoles.Admin));
        Assert.Equal(ChatError.None, await room.SetRole(owner.Id, member.Id, RoomRoles.Member));
        Assert.Equal(ChatError.NotAllowed, await room.SetRole(admin.Id, member.Id, RoomRoles.Admin));
        Assert.Equal(ChatError.NotAllowed, await room.SetRole(owner.Id, owner.Id, RoomRoles.Member));
        Assert.Equal(ChatError.NotFound, await room.SetRole(owner.Id, TestIds.User(), RoomRoles.Admin));
        Assert.Equal(ChatError.InvalidFormat, await room.SetRole(owner.Id, member.Id, RoomRoles.Owner));
        Assert.Equal(ChatError.InvalidFormat, await room.SetRole(owner.Id, member.Id, "boss"));
        Assert.Equal(ChatError.NotInRoom, await room.SetRole(TestIds.User(), member.Id, RoomRoles.Admin));

        var joined = await room.Join(new JoinRoomRequest { User = member });
        var roles = joined.Members.ToDictionary(m => m.UserId, m => m.Role);
        Assert.Equal((RoomRoles.Owner, RoomRoles.Admin, RoomRoles.Member), (roles[owner.Id], roles[admin.Id], roles[member.Id]));
        var changes = (await events.WaitUntilAsync(all => all.Count(e => e.Kind == RoomEventKind.RoleChanged) >= 2))
            .Where(e => e.Kind == RoomEventKind.RoleChanged).ToList();
        Assert.Equal([RoomRoles.Admin, RoomRoles.Member], changes.Select(e => e.Role).Order());
        Assert.All(changes, e => Assert.Equal((member.Id, owner.Id), (e.UserId, e.ByUserId)));
    }

    [Fact]
    public async Task Kicks_follow_the_roles_and_the_kicked_user_loses_the_room_and_its_invitation()
    {
        var (room, roomId, owner, admin, member) = await RoomAsync(RoomVisibility.Private);
        var other = TestIds.UserRef("other");
        Assert.Equal(ChatError.None, await room.Invite(owner.Id, other.Id));
        await room.Join(new JoinRoomRequest { User = other });
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        await using var kickedUser = await UserEventRecorder.SubscribeAsync(_client, member.Id);

        Assert.Equal(ChatError.NotAllowed, await room.Kick(member.Id, other.Id));
        Assert.Equal(ChatError.NotAllowed, await room.Kick(admin.Id, owner.Id));
        Assert.Equal(ChatError.NotAllowed, await room.Kick(owner.Id, owner.Id));
        Assert.Equal(ChatError.NotInRoom, await room.Kick(TestIds.User(), member.Id));
        Assert.Equal(ChatError.NotFound, await room.Kick(owner.Id, TestIds.User()));
        Assert.Equal(ChatError.None, await room.Kick(admin.Id, member.Id));

        var removed = (await events.WaitUntilAsync(all => all.Any(e => e.Kind == RoomEventKind.MemberRemoved)))
            .Single(e => e.Kind == RoomEventKind.MemberRemoved);
        Assert.Equal((member.Id, admin.Id), (removed.UserId, removed.ByUserId));
        await kickedUser.WaitUntilAsync(all => all.Any(e => e.Kind == UserEventKind.RoomLeft && e.RoomId == roomId));
        Assert.DoesNotContain(roomId, await _client.GetGrain<IUserGrain>(member.Id).GetRooms());
        Assert.Equal(ChatError.AccessDenied, (await room.Join(new JoinRoomRequest { User = member })).Error);
        Assert.Equal(ChatError.NotInRoom, (await room.Send(new SendMessageRequest { Sender = member, Content = "still here?" })).Error);

        // An admin may not kick another admin; the owner may kick an admin, who then loses the role.
        Assert.Equal(ChatError.None, await room.SetRole(owner.Id, other.Id, RoomRoles.Admin));
        Assert.Equal(ChatError.NotAllowed, await room.Kick(admin.Id, other.Id));
        Assert.Equal(ChatError.None, await room.Kick(owner.Id, admin.Id));
        Assert.Equal(ChatError.AccessDenied, (await room.Join(new JoinRoomRequest { User = admin })).Error);
        await room.Invite(owner.Id, admin.Id);
        var back = await room.Join(new JoinRoomRequest { User = admin });
        Assert.Equal(RoomRoles.Member, back.Members.Single(m => m.UserId == admin.Id).Role);
    }

    [Fact]
    public async Task A_user_kicked_from_a_public_room_may_join_again()
    {
        var (room, _, owner, _, member) = await RoomAsync(RoomVisibility.Public);

        Assert.Equal(ChatError.None, await room.Kick(owner.Id, member.Id));

        var again = await room.Join(new JoinRoomRequest { User = member });
        Assert.Equal((ChatError.None, true), (again.Error, again.NewMember));
    }

    [Fact]
    public async Task Owners_and_admins_update_the_name_and_topic_within_limits_and_they_and_the_roles_survive_a_reload()
    {
        var (room, roomId, owner, admin, member) = await RoomAsync(RoomVisibility.Public);
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);

        var named = await room.Update(owner.Id, new RoomUpdate { Name = "  Lobby  " });
        var topical = await room.Update(admin.Id, new RoomUpdate { Topic = "Say hi" });

        Assert.Equal(ChatError.NotAllowed, (await room.Update(member.Id, new RoomUpdate { Topic = "mine" })).Error);
        Assert.Equal(ChatError.NotInRoom, (await room.Update(TestIds.User(), new RoomUpdate { Topic = "x" })).Error);
        Assert.Equal(ChatError.InvalidFormat, (await room.Update(owner.Id, new RoomUpdate())).Error);
        Assert.Equal(ChatError.InvalidFormat, (await room.Update(owner.Id, new RoomUpdate { Name = "   " })).Error);
        Assert.Equal(ChatError.InvalidFormat, (await room.Update(owner.Id, new RoomUpdate { Name = new string('n', 129) })).Error);
        Assert.Equal(ChatError.InvalidFormat, (await room.Update(owner.Id, new RoomUpdate { Topic = new string('t', 513) })).Error);
        Assert.Equal(ChatError.None, (await room.Update(owner.Id, new RoomUpdate { Name = new string('n', 128), Topic = new string('t', 512) })).Error);
        await room.Update(owner.Id, new RoomUpdate { Name = "Lobby", Topic = "Say hi" });

        Assert.Equal(("Lobby", ""), (named.Room!.Name, named.Room.Topic));
        Assert.Equal(("Lobby", "Say hi"), (topical.Room!.Name, topical.Room.Topic));
        var updates = (await events.WaitUntilAsync(all => all.Count(e => e.Kind == RoomEventKind.RoomUpdated) >= 4))
            .Where(e => e.Kind == RoomEventKind.RoomUpdated).ToList();
        Assert.Contains(updates, e => e.Room == topical.Room && e.UserId == admin.Id);
        await fixture.Cluster.DeactivateAsync(room);
        var reloaded = await room.GetInfo();
        Assert.Equal(("Lobby", "Say hi"), (reloaded!.Name, reloaded.Topic));
        Assert.Equal(RoomRoles.Admin, (await room.Join(new JoinRoomRequest { User = admin })).Members.Single(m => m.UserId == admin.Id).Role);
    }

    [Fact]
    public async Task A_room_created_by_a_join_has_no_owner_so_nobody_moderates_it()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var (first, second) = (TestIds.UserRef(), TestIds.UserRef());
        await room.Join(new JoinRoomRequest { User = first });
        var joined = await room.Join(new JoinRoomRequest { User = second });

        Assert.All(joined.Members, m => Assert.Equal(RoomRoles.Member, m.Role));
        Assert.Equal(ChatError.NotAllowed, await room.Kick(first.Id, second.Id));
        Assert.Equal(ChatError.NotAllowed, await room.SetRole(first.Id, second.Id, RoomRoles.Admin));
        Assert.Equal(ChatError.NotAllowed, (await room.Update(first.Id, new RoomUpdate { Topic = "t" })).Error);
    }

    private async Task<(IRoomGrain Room, string RoomId, UserRef Owner, UserRef Admin, UserRef Member)> RoomAsync(string visibility)
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var (owner, admin, member) = (TestIds.UserRef("owner"), TestIds.UserRef("admin"), TestIds.UserRef("member"));
        await room.Create(new CreateRoomRequest { Owner = owner, Visibility = visibility, Members = [admin.Id, member.Id] });
        await room.Join(new JoinRoomRequest { User = admin });
        await room.Join(new JoinRoomRequest { User = member });
        Assert.Equal(ChatError.None, await room.SetRole(owner.Id, admin.Id, RoomRoles.Admin));
        return (room, roomId, owner, admin, member);
    }
}
