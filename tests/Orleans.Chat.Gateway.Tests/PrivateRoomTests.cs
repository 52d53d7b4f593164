using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class PrivateRoomTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Create_public_room_returns_the_room_and_anyone_can_join()
    {
        await using var owner = await Server.ConnectAsync();
        await using var guest = await Server.ConnectAsync();
        var room = TestIds.Room();

        var created = await owner.RequestAsync("create-room", new { roomId = room, name = "Lobby", visibility = "public" });

        Assert.True(created.GetProperty("success").GetBoolean());
        var info = created.GetProperty("room");
        Assert.Equal(room, info.GetProperty("id").GetString());
        Assert.Equal("Lobby", info.GetProperty("name").GetString());
        Assert.Equal("public", info.GetProperty("visibility").GetString());
        Assert.Equal(owner.UserId, info.GetProperty("ownerId").GetString());

        var join = await guest.RequestAsync("join-room", room);
        Assert.True(join.GetProperty("success").GetBoolean());
        Assert.Equal("Lobby", join.GetProperty("room").GetProperty("name").GetString());
        Assert.Equal(owner.UserId, join.GetProperty("room").GetProperty("ownerId").GetString());
        await owner.WaitForEventAsync("user-joined", d => d.GetProperty("userId").GetString() == guest.UserId);
    }

    [Fact]
    public async Task Owner_of_a_created_room_is_a_member_and_receives_its_messages()
    {
        await using var owner = await Server.ConnectAsync();
        var room = TestIds.Room();
        await owner.RequestOkAsync("create-room", new { roomId = room, visibility = "private" });

        var ack = await owner.RequestAsync("message", new { roomId = room, content = "my room" });

        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        await owner.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "my room");
    }

    [Fact]
    public async Task Private_room_denies_a_stranger()
    {
        await using var owner = await Server.ConnectAsync();
        await using var stranger = await Server.ConnectAsync();
        var room = TestIds.Room();
        var created = await owner.RequestAsync("create-room", new { roomId = room, name = "Secret", visibility = "private" });
        Assert.Equal("private", created.GetProperty("room").GetProperty("visibility").GetString());

        AssertError(await stranger.RequestAsync("join-room", room), "access_denied", "Access denied");

        // Denied means not a member: no messages, no history.
        AssertError(await stranger.RequestAsync("message", new { roomId = room, content = "let me in" }), "not_in_room");
        AssertError(await stranger.RequestAsync("get-history", new { roomId = room }), "not_in_room");
        await owner.AssertNoEventAsync("user-joined", TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Invited_user_can_join_a_private_room()
    {
        await using var owner = await Server.ConnectAsync();
        await using var friend = await Server.ConnectAsync(name: "Friend");
        var room = TestIds.Room();
        await owner.RequestOkAsync("create-room", new { roomId = room, visibility = "private" });

        var invite = await owner.RequestAsync("invite", new { roomId = room, userId = friend.UserId });
        Assert.True(invite.GetProperty("success").GetBoolean());

        var join = await friend.RequestAsync("join-room", room);
        Assert.True(join.GetProperty("success").GetBoolean());
        Assert.Contains(join.GetProperty("members").EnumerateArray(), m => m.GetProperty("userId").GetString() == owner.UserId);
        var joined = await owner.WaitForEventAsync("user-joined", d => d.GetProperty("userId").GetString() == friend.UserId);
        Assert.Equal("Friend", joined.GetProperty("user").GetProperty("name").GetString());

        await friend.RequestOkAsync("message", new { roomId = room, content = "thanks for the invite" });
        await owner.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "thanks for the invite");
    }

    [Fact]
    public async Task Members_listed_at_creation_can_join_a_private_room()
    {
        await using var owner = await Server.ConnectAsync();
        var listedId = TestIds.User();
        await using var listed = await Server.ConnectAsync(listedId);
        await using var stranger = await Server.ConnectAsync();
        var room = TestIds.Room();

        await owner.RequestOkAsync("create-room", new { roomId = room, visibility = "private", members = new[] { listedId } });

        Assert.True((await listed.RequestAsync("join-room", room)).GetProperty("success").GetBoolean());
        AssertError(await stranger.RequestAsync("join-room", room), "access_denied");
    }

    [Fact]
    public async Task Invite_by_a_non_owner_is_access_denied()
    {
        await using var owner = await Server.ConnectAsync();
        await using var member = await Server.ConnectAsync();
        await using var stranger = await Server.ConnectAsync();
        var room = TestIds.Room();
        await owner.RequestOkAsync("create-room", new { roomId = room, visibility = "private", members = new[] { member.UserId } });
        await member.RequestOkAsync("join-room", room);

        // Neither a member nor a stranger may invite; the invite changes nothing.
        AssertError(await member.RequestAsync("invite", new { roomId = room, userId = stranger.UserId }), "access_denied", "Access denied");
        AssertError(await stranger.RequestAsync("invite", new { roomId = room, userId = stranger.UserId }), "access_denied", "Access denied");
        AssertError(await stranger.RequestAsync("join-room", room), "access_denied");
    }

    [Fact]
    public async Task Invite_into_a_public_room_created_by_a_join_is_access_denied()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        // A room created by a first join has no owner.
        AssertError(await alice.RequestAsync("invite", new { roomId = room, userId = TestIds.User() }), "access_denied");
    }

    [Fact]
    public async Task Create_on_an_existing_room_by_another_user_is_room_exists()
    {
        await using var owner = await Server.ConnectAsync();
        await using var other = await Server.ConnectAsync();
        var room = TestIds.Room();
        await owner.RequestOkAsync("create-room", new { roomId = room, visibility = "private" });

        var ack = await other.RequestAsync("create-room", new { roomId = room, visibility = "public" });

        AssertError(ack, "room_exists");
        AssertError(await other.RequestAsync("join-room", room), "access_denied");
    }

    [Fact]
    public async Task Create_on_a_room_made_public_by_a_join_is_room_exists()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        AssertError(await alice.RequestAsync("create-room", new { roomId = room, visibility = "private" }), "room_exists");
    }

    [Fact]
    public async Task Create_repeated_by_its_owner_returns_the_room_again()
    {
        await using var owner = await Server.ConnectAsync();
        var room = TestIds.Room();
        await owner.RequestOkAsync("create-room", new { roomId = room, name = "Mine", visibility = "private" });

        var again = await owner.RequestAsync("create-room", new { roomId = room, name = "Mine", visibility = "private" });

        Assert.True(again.GetProperty("success").GetBoolean());
        Assert.Equal(owner.UserId, again.GetProperty("room").GetProperty("ownerId").GetString());
    }

    [Theory]
    [InlineData("""{"roomId":"ROOM","visibility":"secret"}""")]
    [InlineData("""{"roomId":"ROOM","visibility":5}""")]
    [InlineData("""{"visibility":"public"}""")]
    [InlineData("""{"roomId":"ROOM","visibility":"public","members":"not-a-list"}""")]
    [InlineData("""{"roomId":"ROOM","visibility":"public","members":[1,2]}""")]
    [InlineData("""{"roomId":"ROOM","name":7}""")]
    [InlineData("\"ROOM\"")]
    public async Task Create_with_a_bad_payload_is_invalid_format_and_creates_nothing(string payload)
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();

        await alice.SendRawAsync($$"""{"type":"create-room","id":"c1","data":{{payload.Replace("ROOM", room, StringComparison.Ordinal)}}}""");
        var ack = await alice.WaitForFrameAsync(f => TestChatClient.IsAckFor(f, "c1"));

        AssertError(ack.GetProperty("data"), "invalid_format", "Invalid message format");
        var join = await alice.RequestAsync("join-room", room);
        Assert.Equal("public", join.GetProperty("room").GetProperty("visibility").GetString());
        Assert.True(join.GetProperty("room").GetProperty("ownerId").ValueKind == System.Text.Json.JsonValueKind.Null);
    }
}
