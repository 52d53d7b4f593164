using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>Edits, deletes and the change counter come back from storage when a room is activated again.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class RoomChangePersistenceTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task An_edit_and_a_tombstone_and_the_change_counter_survive_deactivation()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(room, user, 3);
        var edit = await room.Edit(new EditMessageRequest { User = user, Seq = 2, Content = "edited" });
        var delete = await room.Delete(new DeleteMessageRequest { User = user, Seq = 3 });

        await fixture.Cluster.DeactivateAsync(room);

        var history = (await room.GetHistory(new HistoryRequest { UserId = user.Id })).Messages;
        Assert.Equal(("edited", true, edit.Change!.ChangedAt, 1L), (history[1].Content, history[1].Edited, history[1].EditedAt, history[1].ChangeSeq));
        Assert.Equal(("", true, user.Id, 2L), (history[2].Content, history[2].Deleted, history[2].DeletedBy, history[2].ChangeSeq));
        Assert.Equal(delete.Change!.ChangeSeq, (await room.GetChanges(new ChangesRequest { UserId = user.Id })).LastChangeSeq);
        Assert.Equal(3, (await room.Edit(new EditMessageRequest { User = user, Seq = 1, Content = "next" })).Change!.ChangeSeq);
    }

    [Fact]
    public async Task The_change_counter_does_not_go_back_when_the_edited_pages_leave_retention()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(room, user, 5);
        await room.Edit(new EditMessageRequest { User = user, Seq = 1, Content = "a" });
        await room.Edit(new EditMessageRequest { User = user, Seq = 2, Content = "b" });

        // 45 messages in pages of 10 with 30 retained: the edited page 0 is cleared.
        await RoomMessages.SendAsync(room, user, 40);
        await fixture.Cluster.DeactivateAsync(room);

        var changes = await room.GetChanges(new ChangesRequest { UserId = user.Id });
        Assert.Equal(2, changes.LastChangeSeq);
        Assert.Empty(changes.Messages);
        Assert.Equal(ChatError.NotFound, (await room.Edit(new EditMessageRequest { User = user, Seq = 1, Content = "gone" })).Error);
        Assert.Equal(3, (await room.Edit(new EditMessageRequest { User = user, Seq = 45, Content = "c" })).Change!.ChangeSeq);
    }

    [Fact]
    public async Task A_failed_page_write_refuses_the_edit_and_the_change_seq_stays_free()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(room, user, 2);

        await StorageFaults.FailNextWriteAsync(_client, "history-0", room);
        await Assert.ThrowsAnyAsync<Exception>(() => room.Edit(new EditMessageRequest { User = user, Seq = 1, Content = "lost" }));

        var history = (await room.GetHistory(new HistoryRequest { UserId = user.Id })).Messages;
        Assert.Equal(("message 0", false), (history[0].Content, history[0].Edited));
        Assert.Equal(1, (await room.Edit(new EditMessageRequest { User = user, Seq = 1, Content = "kept" })).Change!.ChangeSeq);
    }
}
