using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Storage;

namespace Orleans.Chat.Grains.Tests;

/// <summary>
/// Private messages queued by the version before conversations (UserState.Pending, as stored in
/// Redis) move into their conversations when the user grain activates, unread, exactly once.
/// </summary>
[Collection(StandardClusterCollection.Name)]
public sealed class LegacyPendingMigrationTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Queued_messages_become_unread_conversation_messages_once()
    {
        var (recipient, first, second) = (TestIds.UserRef("recipient"), TestIds.UserRef("first"), TestIds.UserRef("second"));
        var roomId = TestIds.Room();
        var queued = new[]
        {
            Legacy(first, recipient, "hello from first", clientMsgId: "c-1", timestamp: 1_000),
            Legacy(second, recipient, "hello from second", clientMsgId: null, timestamp: 2_000),
            Legacy(first, recipient, "again from first", clientMsgId: null, timestamp: 3_000),
        };
        await WriteLegacyStateAsync(recipient.Id, roomId, queued);

        var user = _client.GetGrain<IUserGrain>(recipient.Id);
        var index = await user.GetConversations(10, unreadOnly: false);

        Assert.Equal([roomId], await user.GetRooms());
        Assert.Equal([(ConversationIds.For(first.Id, recipient.Id), first, 2L, 2L), (ConversationIds.For(second.Id, recipient.Id), second, 1L, 1L)],
            index.Select(entry => (entry.ConversationId, entry.WithUser, entry.LastSeq, entry.Unread)).OrderBy(entry => entry.Item3 == 1L));
        var fromFirst = await ConversationOf(first, recipient).GetUnread(recipient.Id, 10);
        Assert.Equal([(queued[0].Id, 1L, "hello from first"), (queued[2].Id, 2L, "again from first")], fromFirst.Select(m => (m.Id, m.Seq, m.Content)));
        Assert.All(fromFirst, message => Assert.Equal((ConversationIds.For(first.Id, recipient.Id), "text", first), (message.ConversationId, message.Type, message.FromUser)));

        var stored = Assert.IsType<UserState>((await ReadStateAsync(recipient.Id)).State);
        Assert.Empty(stored.Pending);
        Assert.Empty(stored.RecentPrivate);
        Assert.Equal([roomId], stored.Rooms);

        // The senders' indexes learn of the conversation too.
        await Eventually.TrueAsync(
            async () => (await _client.GetGrain<IUserGrain>(first.Id).GetConversations(10, unreadOnly: false)).Any(entry => entry.LastSeq == 2),
            what: "the sender's index");

        // A crash before the cleared state was written: the same queue is migrated again, and found stored.
        await fixture.Cluster.DeactivateAsync(user);
        await WriteLegacyStateAsync(recipient.Id, roomId, queued);
        Assert.Equal(3, (await user.GetConversations(10, unreadOnly: false)).Sum(entry => entry.LastSeq));
        Assert.Equal(2, (await ConversationOf(first, recipient).GetHistory(new ConversationHistoryRequest { UserId = recipient.Id })).LastSeq);

        // The sender's retry of a migrated clientMsgId is recognised; new messages follow on.
        var retry = await ConversationOf(first, recipient).Send(new SendPrivateMessageRequest { Sender = first, RecipientId = recipient.Id, Content = "hello from first", ClientMsgId = "c-1" });
        var next = await ConversationOf(first, recipient).Send(new SendPrivateMessageRequest { Sender = first, RecipientId = recipient.Id, Content = "new" });
        Assert.Equal((true, queued[0].Id, 1L), (retry.Duplicate, retry.MessageId, retry.Seq));
        Assert.Equal(3, next.Seq);
    }

    private static PrivateMessage Legacy(UserRef from, UserRef to, string content, string? clientMsgId, long timestamp) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        FromUserId = from.Id,
        FromUser = from,
        ToUserId = to.Id,
        Content = content,
        Timestamp = timestamp,
        ClientMsgId = clientMsgId,
    };

    /// <summary>Writes the user's state as the previous version stored it, straight through the grain storage.</summary>
    private async Task WriteLegacyStateAsync(string userId, string roomId, IReadOnlyList<PrivateMessage> queued)
    {
        var state = await ReadStateAsync(userId);
        state.State = new UserState
        {
            Rooms = [roomId],
            Pending = [.. queued.Select((message, i) => new PendingPrivateMessage { QueueSeq = i + 1, Message = message })],
            NextQueueSeq = queued.Count + 1,
            RecentPrivate = [new PrivateMessageReceipt { SenderId = queued[0].FromUserId, ClientMsgId = "c-1", MessageId = queued[0].Id }],
        };
        await Storage.WriteStateAsync("user", _client.GetGrain<IUserGrain>(userId).GetGrainId(), state);
    }

    private async Task<GrainState<UserState>> ReadStateAsync(string userId)
    {
        var state = new GrainState<UserState>(new UserState());
        await Storage.ReadStateAsync("user", _client.GetGrain<IUserGrain>(userId).GetGrainId(), state);
        return state;
    }

    private IGrainStorage Storage => fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(ChatStorage.Name);

    private IConversationGrain ConversationOf(UserRef a, UserRef b) => _client.GetGrain<IConversationGrain>(ConversationIds.For(a.Id, b.Id));
}
