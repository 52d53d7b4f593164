using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Storage;

namespace Orleans.Chat.Grains.Tests;

/// <summary>A failed write fails the call and leaves nothing behind; only housekeeping failures are swallowed.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class StorageFailureTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Failed_page_write_fails_the_send_and_its_seq_goes_to_the_next_message()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(room, user, 3);

        await StorageFaults.FailNextWriteAsync(_client, "history-0", room);
        await Assert.ThrowsAnyAsync<Exception>(() => room.Send(new SendMessageRequest { Sender = user, Content = "lost", ClientMsgId = "retry-me" }));

        var retried = await room.Send(new SendMessageRequest { Sender = user, Content = "kept", ClientMsgId = "retry-me" });
        Assert.Equal((4L, false), (retried.Seq, retried.Duplicate));
        var history = await room.GetHistory(new HistoryRequest { UserId = user.Id });
        Assert.Equal([1L, 2, 3, 4], history.Messages.Select(message => message.Seq));
        Assert.Equal("kept", history.Messages[^1].Content);
    }

    [Fact]
    public async Task Failed_room_state_write_fails_the_join_and_keeps_no_member()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var (first, second) = (TestIds.UserRef(), TestIds.UserRef());
        await room.Join(new JoinRoomRequest { User = first });

        await StorageFaults.FailNextWriteAsync(_client, "room", room);
        await Assert.ThrowsAnyAsync<Exception>(() => room.Join(new JoinRoomRequest { User = second }));

        Assert.Equal(ChatError.NotInRoom, (await room.GetHistory(new HistoryRequest { UserId = second.Id })).Error);
        var rejoin = await room.Join(new JoinRoomRequest { User = second });
        Assert.True(rejoin.NewMember);
        Assert.Equal(2, rejoin.Members.Count);
    }

    [Fact]
    public async Task Failed_conversation_page_write_fails_the_private_message_and_stores_nothing()
    {
        var (sender, recipient) = (TestIds.UserRef("sender"), TestIds.UserRef("recipient"));
        var conversation = _client.GetGrain<IConversationGrain>(ConversationIds.For(sender.Id, recipient.Id));
        var request = new SendPrivateMessageRequest { Sender = sender, RecipientId = recipient.Id, Content = "hi", ClientMsgId = "pm" };

        await StorageFaults.FailNextWriteAsync(_client, "history-0", conversation);
        await Assert.ThrowsAnyAsync<Exception>(() => conversation.Send(request));
        Assert.Empty((await conversation.GetHistory(new ConversationHistoryRequest { UserId = recipient.Id })).Messages);
        Assert.Empty(await _client.GetGrain<IUserGrain>(recipient.Id).GetConversations(10, unreadOnly: false));

        var retried = await conversation.Send(request);
        Assert.Equal((false, 1L), (retried.Duplicate, retried.Seq));
        Assert.Single((await conversation.GetHistory(new ConversationHistoryRequest { UserId = recipient.Id })).Messages);
    }

    [Fact]
    public async Task Failed_recipient_index_write_answers_unavailable_keeps_the_message_and_a_retry_repairs_the_index()
    {
        var (sender, recipient) = (TestIds.UserRef("sender"), TestIds.UserRef("recipient"));
        var conversation = _client.GetGrain<IConversationGrain>(ConversationIds.For(sender.Id, recipient.Id));
        var request = new SendPrivateMessageRequest { Sender = sender, RecipientId = recipient.Id, Content = "hi", ClientMsgId = "pm" };
        var inbox = _client.GetGrain<IUserGrain>(recipient.Id);

        await StorageFaults.FailNextWriteAsync(_client, "user", inbox);
        var failed = await conversation.Send(request);
        Assert.Equal(ChatError.Unavailable, failed.Error);
        Assert.Single((await conversation.GetHistory(new ConversationHistoryRequest { UserId = recipient.Id })).Messages);

        var retried = await conversation.Send(request);
        Assert.Equal((ChatError.None, true, 1L), (retried.Error, retried.Duplicate, retried.Seq));
        var entry = Assert.Single(await inbox.GetConversations(10, unreadOnly: true));
        Assert.Equal((1L, 1L), (entry.LastSeq, entry.Unread));
    }

    [Fact]
    public async Task Failed_page_clear_is_retried_after_the_next_message()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });

        // Seq 40 moves the window to 11..40, making page 0 (1..10) the first to clear.
        await StorageFaults.FailNextClearAsync(_client, "history-0", room);
        await RoomMessages.SendAsync(room, user, 40);
        Assert.True((await ReadPageAsync(room, 0)).RecordExists);

        await RoomMessages.SendAsync(room, user, 1);
        Assert.False((await ReadPageAsync(room, 0)).RecordExists);
        var history = await room.GetHistory(new HistoryRequest { UserId = user.Id, Limit = 100 });
        Assert.Equal(Enumerable.Range(12, 30).Select(i => (long)i), history.Messages.Select(message => message.Seq));
    }

    private async Task<GrainState<RoomHistoryPage>> ReadPageAsync(IRoomGrain room, int page)
    {
        var storage = fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(ChatStorage.Name);
        var state = new GrainState<RoomHistoryPage>(new RoomHistoryPage());
        await storage.ReadStateAsync($"history-{page}", room.GetGrainId(), state);
        return state;
    }
}
