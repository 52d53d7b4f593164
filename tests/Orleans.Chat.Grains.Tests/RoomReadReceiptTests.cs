using Orleans.Chat.Events;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Read-receipts of a room: coalesced per second for the whole room, none in large rooms.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class RoomReadReceiptTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Reads_within_a_second_are_coalesced_into_one_push_with_each_readers_latest_seq()
    {
        var (roomId, users) = await RoomAsync(members: StandardChatCluster.ReceiptMaxMembers);
        var (a, b, c) = (users[0], users[1], users[2]);
        await using var pushes = await RoomBatchRecorder.SubscribeAsync(_client, roomId);

        Assert.Equal(ChatError.None, await User(a).MarkRoomRead(roomId, 1));
        await User(a).MarkRoomRead(roomId, 3);
        await Task.WhenAll(User(a).MarkRoomRead(roomId, 4), User(b).MarkRoomRead(roomId, 2), User(c).MarkRoomRead(roomId, 99));

        var receipts = await pushes.WaitUntilAsync(all => Receipts(all).Count >= 2, "the first receipt and the coalesced push");
        var (first, second) = (Receipts(receipts)[0], Receipts(receipts)[1]);
        Assert.Equal([(a.Id, 1L)], first.Events.Select(Read));
        Assert.Equal(
            new[] { (a.Id, 4L), (b.Id, 2L), (c.Id, 5L) }.OrderBy(read => read.Item1, StringComparer.Ordinal),
            second.Events.Select(Read).OrderBy(read => read.UserId, StringComparer.Ordinal));
        Assert.True(second.At - first.At >= TimeSpan.FromMilliseconds(500), $"the held receipts went out {second.At - first.At} after the first");

        // A second with nothing held closes the window: the next read goes out at once, alone.
        await Task.Delay(RoomReceipts.Window * 2.5);
        await User(b).MarkRoomRead(roomId, 5);
        var later = await pushes.WaitUntilAsync(all => Receipts(all).Count >= 3, "the receipt after the window closed");
        Assert.Equal([(b.Id, 5L)], Receipts(later)[2].Events.Select(Read));
    }

    [Fact]
    public async Task A_room_with_more_members_than_the_limit_stores_cursors_but_sends_no_receipt()
    {
        var (roomId, users) = await RoomAsync(members: StandardChatCluster.ReceiptMaxMembers + 1);
        await using var pushes = await RoomBatchRecorder.SubscribeAsync(_client, roomId);

        Assert.Equal(ChatError.None, await User(users[1]).MarkRoomRead(roomId, 3));
        await _client.GetGrain<IRoomGrain>(roomId).SetTyping(users[0], typing: true);

        var received = await pushes.WaitUntilAsync(all => all.Any(push => push.Events.Any(e => e.Kind == RoomEventKind.Typing)));
        Assert.Empty(Receipts(received));
        Assert.Equal(3, (await User(users[1]).GetRoomSummaries(10)).Single().ReadSeq);
    }

    [Fact]
    public async Task Bad_reads_are_refused_and_change_nothing()
    {
        var (roomId, users) = await RoomAsync(members: 2);
        var room = _client.GetGrain<IRoomGrain>(roomId);
        await using var pushes = await RoomBatchRecorder.SubscribeAsync(_client, roomId);

        Assert.Equal(ChatError.InvalidFormat, await User(users[0]).MarkRoomRead(roomId, -1));
        Assert.Equal(ChatError.NotInRoom, await User(users[0]).MarkRoomRead(TestIds.Room(), 1));
        Assert.Equal(ChatError.NotInRoom, (await room.ReadUpTo(TestIds.User(), 1)).Error);
        Assert.Equal(ChatError.InvalidFormat, (await room.ReadUpTo(users[0].Id, -1)).Error);
        await room.SetTyping(users[0], typing: true);

        var received = await pushes.WaitUntilAsync(all => all.Any(push => push.Events.Any(e => e.Kind == RoomEventKind.Typing)));
        Assert.Empty(Receipts(received));
        Assert.Equal(0, (await User(users[0]).GetRoomSummaries(10)).Single().ReadSeq);
    }

    private static List<(TimeSpan At, RoomEvent[] Events)> Receipts(IReadOnlyList<(TimeSpan At, RoomEvent[] Events)> pushes) =>
        [.. pushes.Where(push => push.Events.Any(e => e.Kind == RoomEventKind.ReadReceipt))];

    private static (string UserId, long Seq) Read(RoomEvent roomEvent)
    {
        Assert.Equal(RoomEventKind.ReadReceipt, roomEvent.Kind);
        Assert.Equal((roomEvent.RoomId, roomEvent.UserId), (roomEvent.Receipt!.ScopeId, roomEvent.Receipt.UserId));
        return (roomEvent.UserId, roomEvent.Receipt.Seq);
    }

    private IUserGrain User(UserRef user) => _client.GetGrain<IUserGrain>(user.Id);

    /// <summary>A public room with the given number of members and 5 messages of the first.</summary>
    private async Task<(string RoomId, UserRef[] Users)> RoomAsync(int members)
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var users = Enumerable.Range(0, members).Select(_ => TestIds.UserRef()).ToArray();
        foreach (var user in users)
        {
            Assert.Equal(ChatError.None, (await room.Join(new JoinRoomRequest { User = user })).Error);
        }

        await RoomMessages.SendAsync(room, users[0], 5);
        return (roomId, users);
    }
}
