using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>
/// Live delivery of edits, deletes, read receipts and app events on both protocols, and how a
/// client that was away learns of the changes it missed (join-room with sinceChangeSeq, Socket.IO recovery).
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class LiveChangeDeliveryTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Edits_and_deletes_reach_every_member_on_both_protocols_the_author_included()
    {
        var (aliceId, bobId, carolId) = (TestIds.User(), TestIds.User(), TestIds.User());
        await using var alice = await Server.ConnectAsync(aliceId);
        await using var bob = await Server.ConnectAsync(bobId);
        await using var carol = await RawSocketIoClient.ConnectWebSocketAsync(Server.BaseUri, await Server.DevTokenAsync(carolId));
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        await carol.RequestOkAsync("join-room", room);
        var seq = (await alice.RequestOkAsync("message", new { roomId = room, content = "first" })).GetProperty("seq").GetInt64();

        var edit = await alice.RequestOkAsync("edit-message", new { roomId = room, seq, content = "first, fixed" });
        var delete = await alice.RequestOkAsync("delete-message", new { roomId = room, seq });

        var editChangeSeq = edit.GetProperty("changeSeq").GetInt64();
        var deleteChangeSeq = delete.GetProperty("changeSeq").GetInt64();
        Assert.Equal(editChangeSeq + 1, deleteChangeSeq);
        var edited = new List<JsonElement>
        {
            await alice.WaitForEventAsync("message-edited", d => d.GetProperty("roomId").GetString() == room),
            await bob.WaitForEventAsync("message-edited", d => d.GetProperty("roomId").GetString() == room),
            await carol.WaitForEventAsync("message-edited"),
        };
        Assert.All(edited, e =>
        {
            Assert.Equal(room, e.GetProperty("roomId").GetString());
            Assert.Equal(seq, e.GetProperty("seq").GetInt64());
            Assert.Equal("first, fixed", e.GetProperty("content").GetString());
            Assert.Equal(aliceId, e.GetProperty("editedBy").GetString());
            Assert.Equal(edit.GetProperty("editedAt").GetInt64(), e.GetProperty("editedAt").GetInt64());
            Assert.Equal(editChangeSeq, e.GetProperty("changeSeq").GetInt64());
        });
        var deleted = new List<JsonElement>
        {
            await alice.WaitForEventAsync("message-deleted", d => d.GetProperty("roomId").GetString() == room),
            await bob.WaitForEventAsync("message-deleted", d => d.GetProperty("roomId").GetString() == room),
            await carol.WaitForEventAsync("message-deleted"),
        };
        Assert.All(deleted, d =>
        {
            Assert.Equal(seq, d.GetProperty("seq").GetInt64());
            Assert.Equal(edited[0].GetProperty("id").GetString(), d.GetProperty("id").GetString());
            Assert.Equal(aliceId, d.GetProperty("deletedBy").GetString());
            Assert.Equal(deleteChangeSeq, d.GetProperty("changeSeq").GetInt64());
        });

        await bob.AssertNoEventAsync("message-edited", Quiet, d => d.GetProperty("changeSeq").GetInt64() != editChangeSeq);
        Assert.Single(bob.Received("message-edited"));
        Assert.Single(bob.Received("message-deleted"));
        Assert.Single(carol.Received(), e => e.Name == "message-edited");
    }

    [Fact]
    public async Task A_client_away_during_an_edit_and_a_delete_learns_of_each_once_when_it_joins_again()
    {
        var (aliceId, bobId) = (TestIds.User(), TestIds.User());
        await using var alice = await Server.ConnectAsync(aliceId);
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        var seqs = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            seqs.Add((await alice.RequestOkAsync("message", new { roomId = room, content = $"message {i}" })).GetProperty("seq").GetInt64());
        }

        long sinceSeq;
        long sinceChangeSeq;
        await using (var bobBefore = await Server.ConnectAsync(bobId))
        {
            var join = await bobBefore.RequestOkAsync("join-room", room);
            sinceSeq = join.GetProperty("lastSeq").GetInt64();
            sinceChangeSeq = join.GetProperty("lastChangeSeq").GetInt64();
        }

        // While bob is away: one edit, one delete, and a new message that is then edited too.
        await alice.RequestOkAsync("edit-message", new { roomId = room, seq = seqs[0], content = "one, edited" });
        await alice.RequestOkAsync("delete-message", new { roomId = room, seq = seqs[1] });
        var later = (await alice.RequestOkAsync("message", new { roomId = room, content = "four" })).GetProperty("seq").GetInt64();
        await alice.RequestOkAsync("edit-message", new { roomId = room, seq = later, content = "four, edited" });

        await using var bob = await Server.ConnectAsync(bobId);
        var ack = await bob.RequestOkAsync("join-room", new { roomId = room, sinceSeq, sinceChangeSeq });

        var changes = ack.GetProperty("changes").EnumerateArray().ToList();
        Assert.Equal([seqs[0], seqs[1]], changes.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal("one, edited", changes[0].GetProperty("content").GetString());
        Assert.True(changes[1].GetProperty("deleted").GetBoolean());
        var recent = Assert.Single(ack.GetProperty("recentMessages").EnumerateArray());
        Assert.Equal("four, edited", recent.GetProperty("content").GetString());
        Assert.Equal(sinceChangeSeq + 3, ack.GetProperty("lastChangeSeq").GetInt64());

        // What the ack had does not come again live; a change after it comes once.
        await bob.AssertNoEventAsync("message-edited", Quiet);
        await bob.AssertNoEventAsync("message-deleted", TimeSpan.Zero);
        await alice.RequestOkAsync("edit-message", new { roomId = room, seq = seqs[2], content = "three, edited" });
        var live = await bob.WaitForEventAsync("message-edited");
        Assert.Equal(seqs[2], live.GetProperty("seq").GetInt64());
        await bob.AssertNoEventAsync("message-edited", Quiet, d => d.GetProperty("seq").GetInt64() != seqs[2]);
        Assert.Single(bob.Received("message-edited"));
    }

    [Fact]
    public async Task A_recovered_socket_io_connection_gets_the_edit_it_missed_after_the_messages_it_missed()
    {
        var (aliceId, bobId) = (TestIds.User(), TestIds.User());
        await using var alice = await Server.ConnectAsync(aliceId);
        var bobToken = await Server.DevTokenAsync(bobId);
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        var first = (await alice.RequestOkAsync("message", new { roomId = room, content = "before" })).GetProperty("seq").GetInt64();

        string pid;
        string? offset;
        await using (var bobBefore = await RawSocketIoClient.ConnectWebSocketAsync(Server.BaseUri, bobToken))
        {
            await bobBefore.RequestOkAsync("join-room", room);
            pid = bobBefore.Pid ?? throw new InvalidOperationException("no recovery pid");
            await alice.RequestOkAsync("message", new { roomId = room, content = "seen" });
            await bobBefore.WaitForEventAsync("new-message");
            offset = bobBefore.Offset ?? throw new InvalidOperationException("the live message carried no offset");
        }

        // The transport died (dispose aborts it): wait until the gateway saved where bob stood.
        await alice.WaitForEventAsync("presence-update", d => d.GetProperty("userId").GetString() == bobId && d.GetProperty("status").GetString() == "offline");
        var missed = (await alice.RequestOkAsync("message", new { roomId = room, content = "missed" })).GetProperty("seq").GetInt64();
        await alice.RequestOkAsync("edit-message", new { roomId = room, seq = first, content = "before, edited" });

        await using var bob = await RawSocketIoClient.ReconnectWebSocketAsync(Server.BaseUri, bobToken, pid, offset);

        var edited = await bob.WaitForEventAsync("message-edited");
        Assert.Equal(first, edited.GetProperty("seq").GetInt64());
        Assert.Equal("before, edited", edited.GetProperty("content").GetString());
        var names = bob.Received().Where(e => e.Name is "new-message" or "message-edited").ToList();
        Assert.Equal(["new-message", "message-edited"], names.Select(e => e.Name));
        Assert.Equal(missed, names[0].Data.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task A_read_receipt_reaches_the_other_members_and_the_readers_other_connection()
    {
        var (aliceId, bobId) = (TestIds.User(), TestIds.User());
        await using var alice = await Server.ConnectAsync(aliceId);
        await using var alicePhone = await Server.ConnectAsync(aliceId);
        await using var bob = await Server.ConnectAsync(bobId);
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("join-room", room);
        await WaitUntilSubscribedAsync(alicePhone, bob, room);
        var seq = (await bob.RequestOkAsync("message", new { roomId = room, content = "read me" })).GetProperty("seq").GetInt64();

        await alice.RequestOkAsync("mark-read", new { roomId = room, seq });

        foreach (var client in new[] { alicePhone, bob })
        {
            var receipt = await client.WaitForEventAsync("read-receipt", d => d.GetProperty("roomId").GetString() == room);
            Assert.Equal(aliceId, receipt.GetProperty("userId").GetString());
            Assert.Equal(seq, receipt.GetProperty("seq").GetInt64());
        }
    }

    [Fact]
    public async Task A_room_event_reaches_the_other_members_and_none_of_the_senders_connections()
    {
        var (aliceId, bobId) = (TestIds.User(), TestIds.User());
        await using var alice = await Server.ConnectAsync(aliceId);
        await using var alicePhone = await Server.ConnectAsync(aliceId);
        await using var bob = await Server.ConnectAsync(bobId);
        var room = TestIds.Room();
        await bob.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("join-room", room);
        await WaitUntilSubscribedAsync(alicePhone, bob, room);

        await alice.RequestOkAsync("room-event", new { roomId = room, @event = "poll-vote", data = new { option = 2, tags = new[] { "a" } } });

        var relayed = await bob.WaitForEventAsync("room-event");
        Assert.Equal(room, relayed.GetProperty("roomId").GetString());
        Assert.Equal(aliceId, relayed.GetProperty("userId").GetString());
        Assert.Equal("poll-vote", relayed.GetProperty("event").GetString());
        Assert.Equal("""{"option":2,"tags":["a"]}""", relayed.GetProperty("data").GetRawText());
        await alice.AssertNoEventAsync("room-event", Quiet);
        await alicePhone.AssertNoEventAsync("room-event", TimeSpan.Zero);
    }

    [Fact]
    public async Task A_conversation_edit_and_delete_reach_every_connection_of_both_users()
    {
        var (aliceId, bobId) = (TestIds.User(), TestIds.User());
        await using var alice = await Server.ConnectAsync(aliceId);
        await using var bob = await Server.ConnectAsync(bobId);
        await using var bobSocketIo = await RawSocketIoClient.ConnectWebSocketAsync(Server.BaseUri, await Server.DevTokenAsync(bobId));
        var seq = (await alice.RequestOkAsync("private-message", new { targetUserId = bobId, content = "hi" })).GetProperty("seq").GetInt64();

        await alice.RequestOkAsync("edit-message", new { withUserId = bobId, seq, content = "hi there" });
        await alice.RequestOkAsync("delete-message", new { withUserId = bobId, seq });

        var conversationId = ConversationId(aliceId, bobId);
        foreach (var client in new[] { alice, bob })
        {
            var edited = await client.WaitForEventAsync("message-edited");
            Assert.Equal(conversationId, edited.GetProperty("conversationId").GetString());
            Assert.Equal(seq, edited.GetProperty("seq").GetInt64());
            Assert.Equal("hi there", edited.GetProperty("content").GetString());
            Assert.Equal(aliceId, edited.GetProperty("editedBy").GetString());
            var deleted = await client.WaitForEventAsync("message-deleted");
            Assert.Equal(conversationId, deleted.GetProperty("conversationId").GetString());
            Assert.Equal(aliceId, deleted.GetProperty("deletedBy").GetString());
        }

        Assert.Equal(conversationId, (await bobSocketIo.WaitForEventAsync("message-edited")).GetProperty("conversationId").GetString());
        await bobSocketIo.WaitForEventAsync("message-deleted");
    }

    [Fact]
    public async Task Connected_carries_the_sidebar_with_rooms_and_their_unread_counts_and_conversations()
    {
        var (aliceId, bobId) = (TestIds.User(), TestIds.User());
        var (quiet, busy) = (TestIds.Room(), TestIds.Room());
        await using (var alice = await Server.ConnectAsync(aliceId))
        {
            await alice.RequestOkAsync("join-room", quiet);
            await alice.RequestOkAsync("join-room", busy);
        }

        await using (var bob = await Server.ConnectAsync(bobId))
        {
            await bob.RequestOkAsync("join-room", busy);
            for (var i = 0; i < 3; i++)
            {
                await bob.RequestOkAsync("message", new { roomId = busy, content = $"unread {i}" });
            }

            await bob.RequestOkAsync("private-message", new { targetUserId = aliceId, content = "psst" });
        }

        await using var aliceAgain = await Server.ConnectAsync(aliceId);
        var sidebar = aliceAgain.Received("connected").Single().GetProperty("sidebar");

        var rooms = sidebar.GetProperty("rooms").EnumerateArray().ToList();
        Assert.Equal([busy, quiet], rooms.Select(r => r.GetProperty("room").GetProperty("id").GetString())); // most recently active first
        Assert.Equal(3, rooms[0].GetProperty("unread").GetInt64());
        Assert.Equal("unread 2", rooms[0].GetProperty("lastMessage").GetProperty("content").GetString());
        Assert.Equal(0, rooms[1].GetProperty("unread").GetInt64());
        var conversation = Assert.Single(sidebar.GetProperty("conversations").EnumerateArray());
        Assert.Equal(bobId, conversation.GetProperty("withUser").GetProperty("id").GetString());
        Assert.Equal(1, conversation.GetProperty("unread").GetInt64());
    }
}
