using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>A cluster with tiny membership caps (two silos, so rooms and users live on either).</summary>
public sealed class SmallQuotaChatCluster : ChatClusterFixture
{
    public const int RoomsPerUser = 3;
    public const int MembersPerRoom = 3;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Limits:RoomsPerUser"] = RoomsPerUser.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:MembersPerRoom"] = MembersPerRoom.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

public sealed class MembershipQuotaTests(SmallQuotaChatCluster fixture) : IClassFixture<SmallQuotaChatCluster>
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_user_at_the_rooms_per_user_cap_cannot_join_or_create_another_room_until_leaving_one()
    {
        var user = TestIds.UserRef();
        var rooms = Enumerable.Range(0, SmallQuotaChatCluster.RoomsPerUser).Select(_ => TestIds.Room()).ToList();
        foreach (var roomId in rooms)
        {
            Assert.Equal(ChatError.None, (await _client.GetGrain<IRoomGrain>(roomId).Join(new JoinRoomRequest { User = user })).Error);
        }

        var extra = _client.GetGrain<IRoomGrain>(TestIds.Room());
        Assert.Equal(ChatError.QuotaExceeded, (await extra.Join(new JoinRoomRequest { User = user })).Error);
        Assert.Equal(ChatError.QuotaExceeded, (await _client.GetGrain<IRoomGrain>(TestIds.Room()).Create(new CreateRoomRequest { Owner = user, Visibility = RoomVisibility.Public })).Error);
        Assert.Null(await extra.GetInfo());
        Assert.Equal(rooms.Order(StringComparer.Ordinal), await _client.GetGrain<IUserGrain>(user.Id).GetRooms());

        // Rejoining a room the user is in is no new membership.
        Assert.Equal(ChatError.None, (await _client.GetGrain<IRoomGrain>(rooms[0]).Join(new JoinRoomRequest { User = user })).Error);

        Assert.Equal(ChatError.None, await _client.GetGrain<IRoomGrain>(rooms[0]).Leave(user.Id));
        Assert.Equal(ChatError.None, (await extra.Join(new JoinRoomRequest { User = user })).Error);
    }

    [Fact]
    public async Task Concurrent_joins_never_take_a_user_past_the_cap()
    {
        var user = TestIds.UserRef();
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            _client.GetGrain<IRoomGrain>(TestIds.Room()).Join(new JoinRoomRequest { User = user })));

        Assert.Equal(SmallQuotaChatCluster.RoomsPerUser, results.Count(result => result.Error == ChatError.None));
        Assert.All(results.Where(result => result.Error != ChatError.None), result => Assert.Equal(ChatError.QuotaExceeded, result.Error));
        Assert.Equal(SmallQuotaChatCluster.RoomsPerUser, (await _client.GetGrain<IUserGrain>(user.Id).GetRooms()).Count);
    }

    [Fact]
    public async Task A_room_at_the_members_cap_refuses_a_new_member_and_keeps_its_members()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var members = Enumerable.Range(0, SmallQuotaChatCluster.MembersPerRoom).Select(_ => TestIds.UserRef()).ToList();
        foreach (var member in members)
        {
            Assert.Equal(ChatError.None, (await room.Join(new JoinRoomRequest { User = member })).Error);
        }

        var late = TestIds.UserRef();
        Assert.Equal(ChatError.QuotaExceeded, (await room.Join(new JoinRoomRequest { User = late })).Error);
        Assert.Empty(await _client.GetGrain<IUserGrain>(late.Id).GetRooms());

        var again = await room.Join(new JoinRoomRequest { User = members[0] });
        Assert.Equal(ChatError.None, again.Error);
        Assert.Equal(members.Select(m => m.Id).Order(), again.Members.Select(m => m.UserId).Order());
    }

    [Fact]
    public async Task A_private_room_holds_no_more_invitations_than_the_members_cap()
    {
        var owner = TestIds.UserRef();
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var tooMany = Enumerable.Range(0, SmallQuotaChatCluster.MembersPerRoom + 1).Select(_ => TestIds.UserRef().Id).ToList();
        Assert.Equal(ChatError.QuotaExceeded, (await room.Create(new CreateRoomRequest { Owner = owner, Visibility = RoomVisibility.Private, Members = tooMany })).Error);

        Assert.Equal(ChatError.None, (await room.Create(new CreateRoomRequest { Owner = owner, Visibility = RoomVisibility.Private, Members = tooMany[..^1] })).Error);
        Assert.Equal(ChatError.QuotaExceeded, await room.Invite(owner.Id, tooMany[^1]));
        Assert.Equal(ChatError.None, await room.Invite(owner.Id, tooMany[0]));
    }
}
