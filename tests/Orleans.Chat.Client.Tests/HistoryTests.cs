using Orleans.Chat.Client.Tests.Infrastructure;

namespace Orleans.Chat.Client.Tests;

[Collection(ClientGatewayCollection.Name)]
public sealed class HistoryTests(ClientGatewayFixture fixture) : ClientTestBase(fixture)
{
    [Fact]
    public async Task History_pages_backwards_and_forwards_in_ascending_seq()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync();
        await alice.JoinRoomAsync(roomId);
        for (var i = 1; i <= 7; i++)
        {
            await alice.SendMessageAsync(roomId, $"m{i}");
        }

        Assert.Equal([5L, 6, 7], (await alice.GetHistoryAsync(roomId, limit: 3)).Messages.Select(m => m.Seq));
        Assert.Equal(["m2", "m3", "m4"], (await alice.GetHistoryAsync(roomId, beforeSeq: 5, limit: 3)).Messages.Select(m => m.Content));
        Assert.Equal([6L, 7], (await alice.GetHistoryAsync(roomId, afterSeq: 5)).Messages.Select(m => m.Seq));
        Assert.Equal(7, (await alice.GetHistoryAsync(roomId)).Messages.Count);
    }

    [Fact]
    public async Task A_second_connection_gets_every_message_once_from_live_events_and_its_join_ack()
    {
        var roomId = TestIds.Room();
        var alice = await ConnectedAsync();
        await alice.JoinRoomAsync(roomId);
        for (var i = 1; i <= 5; i++)
        {
            await alice.SendMessageAsync(roomId, $"m{i}");
        }

        // The same user's new connection is subscribed on connect; messages sent meanwhile come live,
        // and the join ack leaves out those it already delivered.
        var again = NewClient(UserIdOf(alice));
        var live = new EventLog<ChatMessage>();
        again.NewMessage += live.Handler;
        var session = await again.ConnectAsync();
        Assert.Equal([roomId], session.Rooms);
        var sending = Task.WhenAll(Enumerable.Range(6, 5).Select(i => alice.SendMessageAsync(roomId, $"m{i}")));
        var join = await again.JoinRoomAsync(roomId);
        await sending;
        await live.WaitUntilAsync(m => m.Count + join.RecentMessages.Count >= 10, "messages 1 to 10");
        await live.AssertNothingMoreWithinAsync(TimeSpan.FromMilliseconds(100));

        var all = live.Received.Concat(join.RecentMessages).Select(m => m.Seq).Order();
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), all);
    }
}
