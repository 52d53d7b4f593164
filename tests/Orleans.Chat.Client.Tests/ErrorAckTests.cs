using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

[Collection(ClientGatewayCollection.Name)]
public sealed class ErrorAckTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task Error_acks_throw_ChatException_with_the_servers_code_and_leave_the_connection_working()
    {
        var roomId = TestIds.Room();
        var stranger = await ConnectedAsync();

        await AssertCodeAsync(ChatErrorCodes.NotInRoom, () => stranger.SendMessageAsync(roomId, "hi"));
        await AssertCodeAsync(ChatErrorCodes.NotInRoom, () => stranger.GetHistoryAsync(TestIds.Room()));
        await AssertCodeAsync(ChatErrorCodes.NotInRoom, () => stranger.TypingAsync(TestIds.Room()));

        await stranger.JoinRoomAsync(roomId);
        var empty = await AssertCodeAsync(ChatErrorCodes.InvalidFormat, () => stranger.SendMessageAsync(roomId, ""));
        Assert.Equal("Invalid message format", empty.Message);
        await AssertCodeAsync(ChatErrorCodes.InvalidFormat, () => stranger.UpdateStatusAsync(PresenceStatus.Offline));

        // The connection survives bad requests.
        Assert.Equal(1, (await stranger.SendMessageAsync(roomId, "still here")).Seq);
    }

    [Fact]
    public async Task Private_rooms_answer_access_denied_to_strangers_and_room_exists_to_other_creators()
    {
        var roomId = TestIds.Room();
        var owner = await ConnectedAsync();
        var guest = await ConnectedAsync();
        var stranger = await ConnectedAsync();

        var created = await owner.CreateRoomAsync(roomId, "Secret", RoomVisibility.Private, [UserIdOf(guest)]);
        Assert.Equal(RoomVisibility.Private, created.Room.Visibility);
        Assert.Equal(UserIdOf(owner), created.Room.OwnerId);
        Assert.Equal("Secret", created.Room.Name);

        await AssertCodeAsync(ChatErrorCodes.AccessDenied, () => stranger.JoinRoomAsync(roomId));
        await AssertCodeAsync(ChatErrorCodes.AccessDenied, () => stranger.InviteAsync(roomId, UserIdOf(stranger)));
        await AssertCodeAsync(ChatErrorCodes.RoomExists, () => stranger.CreateRoomAsync(roomId));

        Assert.Equal(UserIdOf(owner), (await guest.JoinRoomAsync(roomId)).Room.OwnerId);
        await owner.InviteAsync(roomId, UserIdOf(stranger));
        var joined = await stranger.JoinRoomAsync(roomId);
        Assert.Equal(3, joined.Members.Count);
    }

    private static async Task<ChatException> AssertCodeAsync(string code, Func<Task> request)
    {
        var error = await Assert.ThrowsAsync<ChatException>(request);
        Assert.Equal(code, error.Code);
        return error;
    }
}
