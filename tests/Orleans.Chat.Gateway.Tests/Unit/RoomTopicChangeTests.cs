using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Chat.Events;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>
/// Edits, deletes and the other issue-12 room events in the gateway's view of one room, against a
/// fake room whose calls complete at once (see <see cref="RoomTopicTests"/>).
/// </summary>
public sealed class RoomTopicChangeTests
{
    private readonly ChangingRoom _room = new();
    private readonly RoomTopic _topic;

    public RoomTopicChangeTests() => _topic = new RoomTopic("room-1", "gateway-1", FakeGrainFactory.For(_room.Grain), NullLogger.Instance);

    [Fact]
    public async Task Live_changes_reach_every_session_once_in_change_seq_order()
    {
        var alice = await AddAsync("alice");
        var bob = await AddAsync("bob");
        await SendAsync(3);

        var first = _room.Edit(1);
        var second = _room.Delete(2, by: "owner");
        await PushAsync(first, second);
        await PushAsync(first); // a push retried, or a repair that raced it

        Assert.Equal(["edited 1 @1", "deleted 2 @2 by owner"], Changes(alice));
        Assert.Equal(Changes(alice), Changes(bob));
        Assert.Empty(_room.ChangeRequests);
    }

    [Fact]
    public async Task A_change_gap_is_repaired_with_the_current_state_before_the_change_that_revealed_it()
    {
        var alice = await AddAsync("alice");
        var bob = await AddAsync("bob");
        await SendAsync(3);
        await PushAsync(_room.Edit(1));

        // Lost on the way: 2 and 3 (message 2 edited twice), 4 (message 3 deleted by an admin).
        _room.Edit(2);
        _room.Edit(2);
        _room.Delete(3, by: "admin");
        await PushAsync(_room.Edit(1));

        string[] expected = ["edited 1 @1", "edited 2 @3", "deleted 3 @4 by admin", "edited 1 @5"];
        Assert.Equal(expected, Changes(alice));
        Assert.Equal(expected, Changes(bob));
        var request = Assert.Single(_room.ChangeRequests);
        Assert.Equal(1, request.SinceChangeSeq);
        Assert.True(request.BypassMembership);
    }

    [Fact]
    public async Task A_message_changed_again_after_the_gap_comes_once_with_its_later_change()
    {
        var alice = await AddAsync("alice");
        await SendAsync(2);
        await PushAsync(_room.Edit(1));
        _room.Edit(2);                  // 2: lost
        var third = _room.Edit(1);      // 3: revealed the gap ...
        var fourth = _room.Edit(2);     // 4: ... and message 2 changed again before the repair read it

        await PushAsync(third, fourth);

        Assert.Equal(["edited 1 @1", "edited 1 @3", "edited 2 @4"], Changes(alice));
    }

    [Fact]
    public async Task A_failed_change_repair_still_delivers_the_live_change_and_a_later_gap_is_repaired()
    {
        var alice = await AddAsync("alice");
        await SendAsync(3);
        await PushAsync(_room.Edit(1));
        _room.Edit(2);
        _room.ChangesFail = true;

        await PushAsync(_room.Edit(3));
        Assert.Equal(["edited 1 @1", "edited 3 @3"], Changes(alice));

        _room.ChangesFail = false;
        _room.Edit(1);
        await PushAsync(_room.Edit(2));
        Assert.Equal(["edited 1 @1", "edited 3 @3", "edited 1 @4", "edited 2 @5"], Changes(alice));
    }

    [Fact]
    public async Task A_change_to_a_message_the_session_never_had_comes_after_that_message()
    {
        var alice = await AddAsync("alice");
        await SendAsync(1);
        _room.Send(); // message 2: lost on the way

        await PushAsync(_room.Edit(2));

        Assert.Equal([1, 2], alice.MessageSeqs);
        var frames = alice.Frames.Select(Describe).ToList();
        Assert.True(frames.IndexOf("new-message 2") < frames.IndexOf("edited 2 @1"));
    }

    [Fact]
    public async Task A_session_in_a_join_gets_no_live_change_until_the_join_completes_then_catches_up_from_the_join_answer()
    {
        var alice = await AddAsync("alice");
        await SendAsync(3);
        await PushAsync(_room.Edit(1));

        await _topic.TryBeginJoinAsync(alice.Session);
        await PushAsync(_room.Edit(2)); // in the join's answer (its lastChangeSeq is 2)
        await PushAsync(_room.Edit(3)); // after it
        Assert.Equal(["edited 1 @1"], Changes(alice));

        Assert.True(await _topic.TryAddAsync(alice.Session, cursor: 3, completesJoin: true, changeCursor: 2));
        await PushAsync(_room.Delete(1, by: "alice"));

        Assert.Equal(["edited 1 @1", "edited 3 @3", "deleted 1 @4 by alice"], Changes(alice));
    }

    [Fact]
    public async Task A_session_with_no_change_baseline_starts_at_the_rooms_change_counter()
    {
        await SendAsync(2);
        _room.Edit(1);
        _room.Edit(2); // before this gateway subscribed: the subscription answers change seq 2

        var alice = await AddAsync("alice");
        await PushAsync(_room.Edit(1));

        Assert.Equal(["edited 1 @3"], Changes(alice));
        Assert.Empty(_room.ChangeRequests);
    }

    [Fact]
    public async Task Renewing_repairs_changes_the_room_made_but_this_gateway_never_saw()
    {
        var alice = await AddAsync("alice");
        await SendAsync(2);
        _room.Edit(2);

        await _topic.RenewAsync();

        Assert.Equal(["edited 2 @1"], Changes(alice));
    }

    [Fact]
    public async Task A_recovered_session_gets_the_messages_then_the_changes_it_missed()
    {
        await AddAsync("bob");
        await SendAsync(2);
        await PushAsync(_room.Edit(1));

        // The previous connection had message 1 and change 1; then came message 3 and edits of 2 and 1.
        await SendAsync(1);
        await PushAsync(_room.Edit(2));
        await PushAsync(_room.Edit(1));
        var alice = new RecordingSession("alice");
        Assert.True(await _topic.TryAddAsync(alice.Session, cursor: 1, completesJoin: false, changeCursor: 1));
        await _topic.ResyncAsync();

        Assert.Equal(["new-message 2", "new-message 3", "edited 2 @2", "edited 1 @3"], alice.Frames.Select(Describe));
        Assert.Equal(((long?)3, (long?)3), await _topic.CursorsOfAsync(alice.Session));
    }

    [Fact]
    public async Task Member_removed_reaches_the_other_members_and_the_removed_users_sessions_get_nothing_more()
    {
        var alice = await AddAsync("alice");
        var alicePhone = await AddAsync("alice");
        var bob = await AddAsync("bob");
        alice.Session.TrackRoom("room-1");

        await PushEventAsync(new RoomEvent { Kind = RoomEventKind.MemberRemoved, RoomId = "room-1", UserId = "alice", ByUserId = "bob" });
        await SendAsync(1);
        await PushAsync(_room.Edit(1));
        await PushEventAsync(new RoomEvent { Kind = RoomEventKind.Typing, RoomId = "room-1", UserId = "bob", User = new UserRef { Id = "bob", Name = "bob" } });

        // Alice's sessions hear of the kick through her user's RoomLeft push (UserTopic), not from the room.
        Assert.Empty(alice.Frames);
        Assert.Empty(alicePhone.Frames);
        Assert.Equal(["member-removed alice by bob", "new-message 1", "edited 1 @1"], bob.Frames.Select(Describe));
        Assert.False(alice.Session.IsInRoom("room-1"));
        Assert.Null(await _topic.CursorOfAsync(alice.Session));

        // The user's RoomLeft push may come after and finds them gone.
        await _topic.RemoveAsync(alice.Session);
        Assert.False(_topic.Closed);
    }

    [Fact]
    public async Task Receipts_room_updates_and_roles_reach_every_session_and_app_events_all_but_the_senders()
    {
        var alice = await AddAsync("alice");
        var alicePhone = await AddAsync("alice");
        var bob = await AddAsync("bob");

        await PushEventAsync(
            new RoomEvent { Kind = RoomEventKind.ReadReceipt, RoomId = "room-1", UserId = "alice", Receipt = new ReadReceipt { ScopeId = "room-1", UserId = "alice", Seq = 7 } },
            new RoomEvent { Kind = RoomEventKind.RoomUpdated, RoomId = "room-1", UserId = "bob", Room = new RoomInfo { Id = "room-1", Name = "Room", Visibility = "public", Topic = "news" } },
            new RoomEvent { Kind = RoomEventKind.RoleChanged, RoomId = "room-1", UserId = "bob", Role = RoomRoles.Admin },
            new RoomEvent { Kind = RoomEventKind.AppEvent, RoomId = "room-1", UserId = "alice", AppEvent = new AppRoomEvent { Name = "poll-vote", DataJson = """{"option":2}""" } });

        string[] common = ["read-receipt alice 7", "room-updated news", "role-changed bob admin"];
        Assert.Equal(common, alice.Frames.Select(Describe));
        Assert.Equal(common, alicePhone.Frames.Select(Describe));
        Assert.Equal([.. common, "room-event alice poll-vote {\"option\":2}"], bob.Frames.Select(Describe));
    }

    private async Task<RecordingSession> AddAsync(string userId)
    {
        var session = new RecordingSession(userId);
        Assert.True(await _topic.TryAddAsync(session.Session, cursor: _room.LastSeq, completesJoin: false, changeCursor: RoomSubscriber.NoBaseline));
        return session;
    }

    private async Task SendAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var message = _room.Send();
            await PushEventAsync(new RoomEvent { Kind = RoomEventKind.Message, RoomId = "room-1", UserId = "bob", Seq = message.Seq, Message = message });
        }
    }

    private Task PushAsync(params MessageChange[] changes) => PushEventAsync([.. changes.Select(change => new RoomEvent
    {
        Kind = change.Kind == MessageChangeKind.Deleted ? RoomEventKind.MessageDeleted : RoomEventKind.MessageEdited,
        RoomId = "room-1",
        UserId = change.ChangedBy,
        Change = change,
    })]);

    private Task PushEventAsync(params RoomEvent[] events) => _topic.OnRoomEvents(new RoomEventBatch { Events = events });

    private static string[] Changes(RecordingSession session) =>
        [.. session.Frames.Select(Describe).Where(frame => frame.StartsWith("edited", StringComparison.Ordinal) || frame.StartsWith("deleted", StringComparison.Ordinal))];

    /// <summary>A frame in a few words; the ids and keys it shows are checked against what was sent.</summary>
    private static string Describe(string frame)
    {
        using var json = JsonDocument.Parse(frame);
        var type = json.RootElement.GetProperty("type").GetString();
        var data = json.RootElement.GetProperty("data");
        return type switch
        {
            "new-message" => $"new-message {data.GetProperty("seq").GetInt64()}",
            "message-edited" => CheckedChange(data, $"edited {data.GetProperty("seq").GetInt64()} @{data.GetProperty("changeSeq").GetInt64()}",
                data.GetProperty("content").GetString() == ChangingRoom.EditedContent(data.GetProperty("seq").GetInt64(), data.GetProperty("changeSeq").GetInt64())
                && data.GetProperty("editedBy").GetString() == "bob" && data.GetProperty("editedAt").GetInt64() == 1000 + data.GetProperty("changeSeq").GetInt64()),
            "message-deleted" => CheckedChange(data, $"deleted {data.GetProperty("seq").GetInt64()} @{data.GetProperty("changeSeq").GetInt64()} by {data.GetProperty("deletedBy").GetString()}", true),
            "member-removed" => $"member-removed {data.GetProperty("userId").GetString()} by {data.GetProperty("by").GetString()}",
            "read-receipt" => $"read-receipt {data.GetProperty("userId").GetString()} {data.GetProperty("seq").GetInt64()}",
            "room-updated" => $"room-updated {data.GetProperty("room").GetProperty("topic").GetString()}",
            "role-changed" => $"role-changed {data.GetProperty("userId").GetString()} {data.GetProperty("role").GetString()}",
            "room-event" => $"room-event {data.GetProperty("userId").GetString()} {data.GetProperty("event").GetString()} {data.GetProperty("data").GetRawText()}",
            _ => type!,
        };
    }

    private static string CheckedChange(JsonElement data, string description, bool contentMatches)
    {
        Assert.Equal("room-1", data.GetProperty("roomId").GetString());
        Assert.Equal($"m{data.GetProperty("seq").GetInt64()}", data.GetProperty("id").GetString());
        Assert.True(contentMatches, data.GetRawText());
        return description;
    }
}
