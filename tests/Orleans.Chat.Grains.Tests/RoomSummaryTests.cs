using Orleans.Chat.Events;
using Orleans.Chat.Grains.Tests.Infrastructure;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains.Tests;

/// <summary>A user's room list: summaries from the rooms and the read cursors the user grain stores.</summary>
[Collection(StandardClusterCollection.Name)]
public sealed class RoomSummaryTests(StandardChatCluster fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    [Fact]
    public async Task Unread_counts_others_messages_after_the_cursor_that_are_not_deleted_and_mark_read_moves_it_forward_only()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var (owner, member) = (TestIds.UserRef("owner"), TestIds.UserRef("member"));
        await room.Create(new CreateRoomRequest { Owner = owner, Name = "Team", Visibility = RoomVisibility.Public });
        await room.Join(new JoinRoomRequest { User = member });
        await RoomMessages.SendAsync(room, owner, 3);
        await RoomMessages.SendAsync(room, member, 2);
        await room.Delete(new DeleteMessageRequest { User = owner, Seq = 2 });
        var user = _client.GetGrain<IUserGrain>(member.Id);

        var initial = (await user.GetRoomSummaries(10)).Single();
        Assert.Equal((roomId, "Team", RoomRoles.Member, 5L, 0L, 2L), (initial.Room.Id, initial.Room.Name, initial.Role, initial.LastSeq, initial.ReadSeq, initial.Unread));
        Assert.Equal((5L, initial.LastMessage!.Timestamp), (initial.LastMessage.Seq, initial.LastActivity));

        Assert.Equal(ChatError.None, await user.MarkRoomRead(roomId, 3));
        Assert.Equal((3L, 0L), Cursor((await user.GetRoomSummaries(10)).Single()));
        await RoomMessages.SendAsync(room, owner, 1);
        Assert.Equal((3L, 1L), Cursor((await user.GetRoomSummaries(10)).Single()));

        Assert.Equal(ChatError.None, await user.MarkRoomRead(roomId, 100));
        Assert.Equal(ChatError.None, await user.MarkRoomRead(roomId, 2));
        await fixture.Cluster.DeactivateAsync(user);
        Assert.Equal((6L, 0L), Cursor((await user.GetRoomSummaries(10)).Single()));

        var ownerView = await room.GetSummary(owner.Id, 0);
        Assert.Equal((RoomRoles.Owner, 2L), (ownerView!.Role, ownerView.Unread));
        Assert.Null(await room.GetSummary(TestIds.User(), 0));
    }

    [Fact]
    public async Task Rooms_are_listed_most_recently_active_first_and_a_left_room_takes_its_cursor_with_it()
    {
        var user = TestIds.UserRef();
        var grain = _client.GetGrain<IUserGrain>(user.Id);
        var (quiet, busy, empty) = (TestIds.Room(), TestIds.Room(), TestIds.Room());
        foreach (var roomId in new[] { quiet, busy })
        {
            await _client.GetGrain<IRoomGrain>(roomId).Join(new JoinRoomRequest { User = user });
        }

        await RoomMessages.SendAsync(_client.GetGrain<IRoomGrain>(quiet), user, 1);
        await Task.Delay(20);
        await RoomMessages.SendAsync(_client.GetGrain<IRoomGrain>(busy), user, 1);
        await Task.Delay(20);
        await _client.GetGrain<IRoomGrain>(empty).Join(new JoinRoomRequest { User = user });
        await grain.MarkRoomRead(quiet, 1);

        var listed = await grain.GetRoomSummaries(10);
        Assert.Equal([empty, busy, quiet], listed.Select(summary => summary.Room.Id));
        Assert.Equal((0L, null), (listed[0].LastSeq, listed[0].LastMessage));
        Assert.Equal([empty], (await grain.GetRoomSummaries(1)).Select(summary => summary.Room.Id));

        await _client.GetGrain<IRoomGrain>(quiet).Leave(user.Id);
        await _client.GetGrain<IRoomGrain>(quiet).Join(new JoinRoomRequest { User = user });
        Assert.Equal(0, (await grain.GetRoomSummaries(10)).Single(summary => summary.Room.Id == quiet).ReadSeq);
    }

    [Fact]
    public async Task Members_relay_app_events_to_the_room_and_nothing_is_stored()
    {
        var roomId = TestIds.Room();
        var room = _client.GetGrain<IRoomGrain>(roomId);
        var member = TestIds.UserRef();
        await room.Join(new JoinRoomRequest { User = member });
        await using var events = await RoomEventRecorder.SubscribeAsync(_client, roomId);
        var appEvent = new AppRoomEvent { Name = "cursor-moved", DataJson = """{"x":1}""" };

        Assert.Equal(ChatError.NotInRoom, await room.Relay(TestIds.UserRef(), appEvent with { Name = "stranger" }));
        Assert.Equal(ChatError.None, await room.Relay(member, appEvent));

        var relayed = (await events.WaitUntilAsync(all => all.Any(e => e.Kind == RoomEventKind.AppEvent))).Single(e => e.Kind == RoomEventKind.AppEvent);
        Assert.Equal((member.Id, member, appEvent), (relayed.UserId, relayed.User, relayed.AppEvent));
        Assert.True(relayed.ExcludesSubject);
        Assert.Equal(0, (await room.GetHistory(new HistoryRequest { UserId = member.Id })).LastSeq);
    }

    private static (long ReadSeq, long Unread) Cursor(RoomSummary summary) => (summary.ReadSeq, summary.Unread);
}
