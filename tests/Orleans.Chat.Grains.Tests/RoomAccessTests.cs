using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

[Collection(StandardClusterCollection.Name)]
public sealed class RoomAccessTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Private_room_admits_its_owner_and_invited_users_only()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var (owner, guest, stranger, later) = (TestIds.UserRef("owner"), TestIds.UserRef("guest"), TestIds.UserRef("stranger"), TestIds.UserRef("later"));

        var created = await room.Create(new CreateRoomRequest { Owner = owner, Name = "Secret", Visibility = RoomVisibility.Private, Members = [guest.Id] });
        Assert.Equal(ChatError.None, created.Error);
        Assert.Equal(new RoomInfo { Id = roomId, Name = "Secret", Visibility = RoomVisibility.Private, OwnerId = owner.Id }, created.Room);

        var ownerJoin = await room.Join(new JoinRoomRequest { User = owner });
        Assert.Equal(ChatError.None, ownerJoin.Error);
        Assert.False(ownerJoin.NewMember);
        Assert.Equal(ChatError.None, (await room.Join(new JoinRoomRequest { User = guest })).Error);
        Assert.Equal(ChatError.AccessDenied, (await room.Join(new JoinRoomRequest { User = stranger })).Error);

        Assert.Equal(ChatError.AccessDenied, await room.Invite(guest.Id, later.Id));
        Assert.Equal(ChatError.AccessDenied, (await room.Join(new JoinRoomRequest { User = later })).Error);
        Assert.Equal(ChatError.None, await room.Invite(owner.Id, later.Id));
        var laterJoin = await room.Join(new JoinRoomRequest { User = later });
        Assert.Equal(ChatError.None, laterJoin.Error);
        Assert.Equal(
            new[] { owner.Id, guest.Id, later.Id }.Order(),
            laterJoin.Members.Select(member => member.UserId).Order());

        Assert.Equal(ChatError.RoomExists, (await room.Create(new CreateRoomRequest { Owner = stranger, Visibility = RoomVisibility.Public })).Error);
        var repeated = await room.Create(new CreateRoomRequest { Owner = owner, Visibility = RoomVisibility.Private });
        Assert.Equal((ChatError.None, "Secret"), (repeated.Error, repeated.Room?.Name));
    }

    [Fact]
    public async Task First_join_creates_a_public_room_without_owner()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var user = TestIds.UserRef();

        Assert.Null(await room.GetInfo());
        var join = await room.Join(new JoinRoomRequest { User = user });

        Assert.True(join.NewMember);
        Assert.Equal(new RoomInfo { Id = roomId, Name = roomId, Visibility = RoomVisibility.Public, OwnerId = null }, join.Room);
        Assert.Equal(join.Room, await room.GetInfo());
        Assert.Equal(ChatError.RoomExists, (await room.Create(new CreateRoomRequest { Owner = user, Visibility = RoomVisibility.Public })).Error);
    }

    [Fact]
    public async Task Create_rejects_an_unknown_visibility()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());

        var result = await room.Create(new CreateRoomRequest { Owner = TestIds.UserRef(), Visibility = "secret" });

        Assert.Equal(ChatError.InvalidFormat, result.Error);
        Assert.Null(await room.GetInfo());
    }

    [Fact]
    public async Task Membership_is_mirrored_in_the_users_room_list()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var user = TestIds.UserRef();
        var userGrain = _client.GetGrain<IUserGrain>(user.Id);

        await room.Join(new JoinRoomRequest { User = user });
        Assert.Equal([roomId], await userGrain.GetRooms());

        Assert.Equal(ChatError.None, await room.Leave(user.Id));
        Assert.Empty(await userGrain.GetRooms());
        Assert.Equal(ChatError.NotInRoom, await room.Leave(user.Id));
        Assert.Equal(ChatError.NotInRoom, await room.SetTyping(user, typing: true));
        Assert.Equal(ChatError.NotInRoom, (await room.GetHistory(new HistoryRequest { UserId = user.Id })).Error);
    }
}
