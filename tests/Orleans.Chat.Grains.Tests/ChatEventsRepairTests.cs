using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// A consumer that lost events (dropped here on purpose, as a failed publish or a lost queue would)
/// finds the gaps with <see cref="ChatEventGapTracker"/> and fills them from the grains' history and
/// changes, ending with every message and change of each scope.
/// </summary>
[Collection(ChatEventsClusterCollection.Name)]
public sealed class ChatEventsRepairTests(ChatEventsChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task A_consumer_that_missed_events_repairs_the_gaps_from_history_and_changes()
    {
        var (alice, bob) = (TestIds.UserRef("alice"), TestIds.UserRef("bob"));
        var roomId = TestIds.Room();
        var conversationId = ConversationIds.For(alice.Id, bob.Id);
        await using var feed = await ChatEventRecorder.SubscribeAsync(_client, drop: e =>
            (e.ScopeId == roomId && e.Kind == ChatEventKind.RoomMessage && e.Seq is 2 or 3)
            || (e.ScopeId == roomId && e.Kind == ChatEventKind.MessageEdited && e.Seq == 1)
            || (e.ScopeId == conversationId && e.Kind == ChatEventKind.PrivateMessage && e.Seq == 1));

        var room = _client.GetGrain<IRoomGrain>(roomId);
        await room.Join(new JoinRoomRequest { User = alice });
        await RoomMessages.SendAsync(room, alice, 5);
        await room.Edit(new EditMessageRequest { User = alice, Seq = 1, Content = "first, edited" });
        await room.Edit(new EditMessageRequest { User = alice, Seq = 4, Content = "fourth, edited" });
        var conversation = _client.GetGrain<IConversationGrain>(conversationId);
        await conversation.Send(new SendPrivateMessageRequest { Sender = alice, RecipientId = bob.Id, Content = "one" });
        await conversation.Send(new SendPrivateMessageRequest { Sender = bob, RecipientId = alice.Id, Content = "two" });

        // 1 join + 3 of 5 messages + 1 of 2 edits; 1 of 2 private messages.
        await feed.WaitForAsync(roomId, 5);
        await feed.WaitForAsync(conversationId, 1);

        var consumer = new RepairingConsumer(_client, alice.Id);
        foreach (var chatEvent in feed.Received.Where(e => e.ScopeId == roomId || e.ScopeId == conversationId))
        {
            await consumer.HandleAsync(chatEvent);
        }

        Assert.Equal([1L, 2, 3, 4, 5], consumer.RoomMessages[roomId].Keys);
        Assert.Equal("first, edited", consumer.RoomMessages[roomId][1].Content);
        Assert.Equal("fourth, edited", consumer.RoomMessages[roomId][4].Content);
        Assert.Equal([(ChatEventFamily.Messages, 2L, 3L), (ChatEventFamily.Changes, 1L, 1L)], consumer.RepairsOf(roomId));
        Assert.Equal([(ChatEventFamily.Messages, 1L, 1L)], consumer.RepairsOf(conversationId));
        Assert.Equal([1L, 2], consumer.PrivateMessages[conversationId].Keys);
        Assert.Equal(["one", "two"], consumer.PrivateMessages[conversationId].Values.Select(m => m.Content));
        Assert.Equal(2, consumer.Tracker.LastSeen(ChatEventScope.Room, roomId, ChatEventFamily.Changes));
    }

    /// <summary>What a backend consumer keeps: every message by scope and seq, at its latest version.</summary>
    private sealed class RepairingConsumer(IClusterClient client, string readerId)
    {
        public ChatEventGapTracker Tracker { get; } = new();

        public Dictionary<string, SortedDictionary<long, ChatMessage>> RoomMessages { get; } = [];

        public Dictionary<string, SortedDictionary<long, PrivateMessage>> PrivateMessages { get; } = [];

        private readonly List<(string ScopeId, ChatEventFamily Family, long From, long To)> _repairs = [];

        public IReadOnlyList<(ChatEventFamily Family, long From, long To)> RepairsOf(string scopeId) =>
            [.. _repairs.Where(r => r.ScopeId == scopeId).Select(r => (r.Family, r.From, r.To))];

        public async Task HandleAsync(ChatEvent chatEvent)
        {
            var check = Tracker.Observe(chatEvent);
            if (check.Order == ChatEventOrder.Old)
            {
                return;
            }

            if (check.Order == ChatEventOrder.Gap)
            {
                _repairs.Add((chatEvent.ScopeId, check.Family, check.MissingFrom, check.MissingTo));
                await RepairAsync(chatEvent, check);
            }

            switch (chatEvent.Kind)
            {
                case ChatEventKind.RoomMessage:
                    Room(chatEvent.ScopeId)[chatEvent.Seq] = chatEvent.RoomMessage!;
                    break;
                case ChatEventKind.PrivateMessage:
                    Conversation(chatEvent.ScopeId)[chatEvent.Seq] = chatEvent.PrivateMessage!;
                    break;
                case ChatEventKind.MessageEdited or ChatEventKind.MessageDeleted when chatEvent.Scope == ChatEventScope.Room:
                    var change = chatEvent.Change!;
                    Room(chatEvent.ScopeId)[change.Seq] = Room(chatEvent.ScopeId)[change.Seq] with { Content = change.Content, ChangeSeq = change.ChangeSeq };
                    break;
            }
        }

        private async Task RepairAsync(ChatEvent chatEvent, ChatEventCheck check)
        {
            var count = (int)(check.MissingTo - check.MissingFrom + 1);
            switch (chatEvent.Scope, check.Family)
            {
                case (ChatEventScope.Room, ChatEventFamily.Messages):
                    var history = await client.GetGrain<IRoomGrain>(chatEvent.ScopeId).GetHistory(
                        new HistoryRequest { UserId = readerId, AfterSeq = check.MissingFrom - 1, Limit = count, BypassMembership = true });
                    history.Messages.ToList().ForEach(m => Room(chatEvent.ScopeId)[m.Seq] = m);
                    break;
                case (ChatEventScope.Room, ChatEventFamily.Changes):
                    // The messages changed since, each at its current version (a later change of the same message included).
                    var changes = await client.GetGrain<IRoomGrain>(chatEvent.ScopeId).GetChanges(
                        new ChangesRequest { UserId = readerId, SinceChangeSeq = check.MissingFrom - 1, BypassMembership = true });
                    changes.Messages.ToList().ForEach(m => Room(chatEvent.ScopeId)[m.Seq] = m);
                    break;
                case (ChatEventScope.Conversation, ChatEventFamily.Messages):
                    var messages = await client.GetGrain<IConversationGrain>(chatEvent.ScopeId).GetHistory(
                        new ConversationHistoryRequest { UserId = readerId, AfterSeq = check.MissingFrom - 1, Limit = count });
                    messages.Messages.ToList().ForEach(m => Conversation(chatEvent.ScopeId)[m.Seq] = m);
                    break;
                default:
                    throw new InvalidOperationException($"No repair for {chatEvent.Scope} {check.Family}.");
            }
        }

        private SortedDictionary<long, ChatMessage> Room(string roomId) =>
            RoomMessages.TryGetValue(roomId, out var messages) ? messages : RoomMessages[roomId] = [];

        private SortedDictionary<long, PrivateMessage> Conversation(string conversationId) =>
            PrivateMessages.TryGetValue(conversationId, out var messages) ? messages : PrivateMessages[conversationId] = [];
    }
}
