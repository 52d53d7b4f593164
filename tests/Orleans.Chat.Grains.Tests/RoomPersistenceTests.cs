using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;
using Orleans.Storage;

namespace Orleans.Chat.Grains.Tests;

/// <summary>History and membership come back from storage when a room is activated again.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class RoomPersistenceTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task History_and_seq_survive_deactivation()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        var early = await room.Send(new SendMessageRequest { Sender = user, Content = "early", ClientMsgId = "kept" });
        await RoomMessages.SendAsync(room, user, 24);

        await fixture.Cluster.DeactivateAsync(room);

        var history = await room.GetHistory(new HistoryRequest { UserId = user.Id, Limit = 100 });
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), history.Messages.Select(message => message.Seq));
        Assert.Equal(25, history.LastSeq);

        var duplicate = await room.Send(new SendMessageRequest { Sender = user, Content = "early", ClientMsgId = "kept" });
        Assert.True(duplicate.Duplicate);
        Assert.Equal(early.MessageId, duplicate.MessageId);

        var next = await room.Send(new SendMessageRequest { Sender = user, Content = "after reload" });
        Assert.Equal(26, next.Seq);

        var info = await room.GetInfo();
        var rejoin = await room.Join(new JoinRoomRequest { User = user });
        Assert.NotNull(info);
        Assert.False(rejoin.NewMember);
    }

    [Fact]
    public async Task Retained_history_reloads_and_expired_pages_are_cleared()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(room, user, 75);

        await fixture.Cluster.DeactivateAsync(room);

        var history = await room.GetHistory(new HistoryRequest { UserId = user.Id, Limit = 100 });
        Assert.Equal(Enumerable.Range(46, 30).Select(i => (long)i), history.Messages.Select(message => message.Seq));
        Assert.Equal(76, (await room.Send(new SendMessageRequest { Sender = user, Content = "76" })).Seq);

        // Seq 46 is in page 4 (41..50): pages 0..3 are entirely older than retention.
        for (var page = 0; page < 4; page++)
        {
            Assert.False((await ReadPageAsync(room, page)).RecordExists, $"page {page} should be cleared");
        }

        var retainedPage = (await ReadPageAsync(room, 4)).State;
        Assert.NotNull(retainedPage);
        Assert.Equal(10, retainedPage.Messages.Count);
    }

    [Fact]
    public async Task Loading_finds_pages_written_after_the_recorded_head_page()
    {
        var room = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var user = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = user });
        await RoomMessages.SendAsync(room, user, 25);
        await fixture.Cluster.DeactivateAsync(room);

        // As if the silo crashed after writing pages 1 and 2 but before recording them as the head.
        var storage = Storage;
        var roomState = new GrainState<RoomState>(new RoomState());
        await storage.ReadStateAsync("room", room.GetGrainId(), roomState);
        Assert.NotNull(roomState.State);
        Assert.Equal(2, roomState.State.HeadPage);
        roomState.State.HeadPage = 0;
        await storage.WriteStateAsync("room", room.GetGrainId(), roomState);

        var history = await room.GetHistory(new HistoryRequest { UserId = user.Id, Limit = 100 });
        Assert.Equal(25, history.LastSeq);
        Assert.Equal(25, history.Messages.Count);
        Assert.Equal(26, (await room.Send(new SendMessageRequest { Sender = user, Content = "26" })).Seq);
    }

    [Fact]
    public async Task A_room_keeps_the_page_size_it_was_stored_with_and_rooms_from_before_it_was_recorded_read_with_100()
    {
        var user = TestIds.UserRef();
        var fresh = _client.GetGrain<IRoomGrain>(TestIds.Room());
        await fresh.Join(new JoinRoomRequest { User = user });
        var freshState = new GrainState<RoomState>(new RoomState());
        await Storage.ReadStateAsync("room", fresh.GetGrainId(), freshState);
        Assert.Equal(StandardChatCluster.HistoryPageSize, freshState.State!.PageSize);

        // A room stored by an earlier build (no page size): seqs 71..100 in page 0 and 101..105 in page 1 of 100.
        var legacy = _client.GetGrain<IRoomGrain>(TestIds.Room());
        var legacyRoom = new RoomState { Exists = true, Name = "old", HeadPage = 1 };
        legacyRoom.Members[user.Id] = user.Name;
        await Storage.WriteStateAsync("room", legacy.GetGrainId(), new GrainState<RoomState>(legacyRoom));
        await WritePageAsync(legacy, 0, user, 71, 100);
        await WritePageAsync(legacy, 1, user, 101, 105);

        var history = await legacy.GetHistory(new HistoryRequest { UserId = user.Id, Limit = 100 });
        var next = await legacy.Send(new SendMessageRequest { Sender = user, Content = "106" });

        Assert.Equal(Enumerable.Range(76, 30).Select(i => (long)i), history.Messages.Select(message => message.Seq));
        Assert.Equal(106, next.Seq);
        Assert.Equal([101L, 102, 103, 104, 105, 106], (await ReadPageAsync(legacy, 1)).State!.Messages.Select(message => message.Seq));
    }

    private async Task WritePageAsync(IRoomGrain room, int page, UserRef user, int fromSeq, int toSeq)
    {
        var state = new RoomHistoryPage();
        for (var seq = fromSeq; seq <= toSeq; seq++)
        {
            state.Messages.Add(new ChatMessage { Id = $"m{seq}", RoomId = "old", Seq = seq, UserId = user.Id, User = user, Content = $"{seq}", Type = "text", Timestamp = seq });
        }

        await Storage.WriteStateAsync($"history-{page}", room.GetGrainId(), new GrainState<RoomHistoryPage>(state));
    }

    private IGrainStorage Storage => fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(ChatStorage.Name);

    private async Task<GrainState<RoomHistoryPage>> ReadPageAsync(IRoomGrain room, int page)
    {
        var state = new GrainState<RoomHistoryPage>(new RoomHistoryPage());
        await Storage.ReadStateAsync($"history-{page}", room.GetGrainId(), state);
        return state;
    }
}
