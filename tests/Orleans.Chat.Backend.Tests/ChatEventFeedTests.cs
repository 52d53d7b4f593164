using System.Collections.Concurrent;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Backend.Tests;

/// <summary>
/// The feed over the 16 partition streams: the test publishes ChatEvents as the grains do (some left
/// out on purpose), the subscriber gets each scope's events in order, once, with gaps repaired from history.
/// </summary>
[Collection(BackendClusterCollection.Name)]
public sealed class ChatEventFeedTests(BackendCluster cluster)
{
    [Fact]
    public async Task A_message_gap_is_repaired_from_history_and_repeats_are_dropped()
    {
        var room = TestIds.Room();
        await cluster.Backend.CreateRoomAsync(room);
        for (var i = 1; i <= 5; i++)
        {
            await cluster.Backend.PostToRoomAsync(room, $"m{i}");
        }

        var stored = (await cluster.Backend.GetRoomHistoryAsync(room)).Messages;
        var received = new ConcurrentQueue<ChatEvent>();
        var gaps = new ConcurrentQueue<ChatEventGap>();
        await using var subscription = await cluster.Backend.SubscribeChatEventsAsync(
            e => { if (e.ScopeId == room) { received.Enqueue(e); } return Task.CompletedTask; },
            gap => { gaps.Enqueue(gap); return Task.CompletedTask; });
        Assert.Equal(ChatStreams.ChatEventPartitions, subscription.Partitions);

        // Seqs 1, 2, 4 (3 lost), 2 again (a repeat), 5.
        foreach (var seq in new[] { 1, 2, 4, 2, 5 })
        {
            await PublishAsync(MessageEvent(stored[seq - 1]));
        }

        var seen = await Eventually.ProbeAsync(() => Task.FromResult(received.ToList()), list => list.Count >= 5, "five room messages");
        Assert.Equal([1L, 2, 3, 4, 5], seen.Select(e => e.Seq));
        Assert.Equal("m3", seen[2].RoomMessage!.Content);
        var gap = Assert.Single(gaps);
        Assert.Equal((ChatEventScope.Room, room, false, 2L, 4L, 1, 1L), (gap.Scope, gap.ScopeId, gap.Changes, gap.AfterSeq, gap.BeforeSeq, gap.Repaired, gap.Missing));

        await Task.Delay(200);
        Assert.Equal(5, received.Count);
    }

    [Fact]
    public async Task A_change_gap_is_reported_and_membership_events_pass_through()
    {
        var room = TestIds.Room();
        var received = new ConcurrentQueue<ChatEvent>();
        var gaps = new ConcurrentQueue<ChatEventGap>();
        await using var subscription = await cluster.Backend.SubscribeChatEventsAsync(
            e => { if (e.ScopeId == room) { received.Enqueue(e); } return Task.CompletedTask; },
            gap => { gaps.Enqueue(gap); return Task.CompletedTask; });

        await PublishAsync(Event(room, ChatEventKind.MessageEdited, 1));
        await PublishAsync(Event(room, ChatEventKind.MemberJoined, 0) with { UserId = "newcomer" });
        await PublishAsync(Event(room, ChatEventKind.MessageDeleted, 4));

        var seen = await Eventually.ProbeAsync(() => Task.FromResult(received.ToList()), list => list.Count >= 3, "three events");
        Assert.Equal([ChatEventKind.MessageEdited, ChatEventKind.MemberJoined, ChatEventKind.MessageDeleted], seen.Select(e => e.Kind));
        var gap = Assert.Single(gaps);
        Assert.Equal((true, 1L, 4L, 0), (gap.Changes, gap.AfterSeq, gap.BeforeSeq, gap.Repaired));
    }

    [Fact]
    public async Task A_failing_handler_does_not_stop_the_feed_and_disposing_unsubscribes()
    {
        var room = TestIds.Room();
        var received = new ConcurrentQueue<long>();
        var subscription = await cluster.Backend.SubscribeChatEventsAsync(e =>
        {
            if (e.ScopeId != room)
            {
                return Task.CompletedTask;
            }

            received.Enqueue(e.Seq);
            return e.Seq == 1 ? throw new InvalidOperationException("handler bug") : Task.CompletedTask;
        });

        await PublishAsync(Event(room, ChatEventKind.MessageEdited, 1));
        await PublishAsync(Event(room, ChatEventKind.MessageEdited, 2));
        await Eventually.ProbeAsync(() => Task.FromResult(received.Count), count => count >= 2, "both events");

        await subscription.DisposeAsync();
        await PublishAsync(Event(room, ChatEventKind.MessageEdited, 3));
        await Task.Delay(300);
        Assert.Equal([1L, 2], received);
    }

    private Task PublishAsync(ChatEvent chatEvent) =>
        cluster.Client.GetStreamProvider(ChatStreams.ProviderName).GetStream<ChatEvent>(ChatStreams.ChatEvents(chatEvent.ScopeId)).OnNextAsync(chatEvent);

    private static ChatEvent MessageEvent(ChatMessage message) =>
        Event(message.RoomId, ChatEventKind.RoomMessage, message.Seq) with { RoomMessage = message };

    private static ChatEvent Event(string room, ChatEventKind kind, long seq) => new()
    {
        Kind = kind,
        Scope = ChatEventScope.Room,
        ScopeId = room,
        Seq = seq,
        Timestamp = 1,
    };
}
