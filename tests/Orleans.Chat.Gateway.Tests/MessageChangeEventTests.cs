using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>edit-message, delete-message and get-changes in rooms and conversations, and join-room's change recovery, on both protocols.</summary>
[Collection(GatewayCollection.Name)]
public sealed class MessageChangeEventTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Room_messages_are_edited_and_deleted_by_those_allowed_and_listed_as_changes(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol, name: "Alice");
        await using var bob = await ProtocolClient.ConnectAsync(Server, protocol, name: "Bob");
        await using var carol = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await alice.RequestOkAsync("create-room", new { roomId = room });
        await bob.RequestOkAsync("join-room", room);
        await alice.RequestOkAsync("message", new { roomId = room, content = "v1" });
        await alice.RequestOkAsync("message", new { roomId = room, content = "to delete" });
        await bob.RequestOkAsync("message", new { roomId = room, content = "bob's" });

        // Refusals change nothing.
        AssertError(await bob.RequestAsync("edit-message", new { roomId = room, seq = 1, content = "hijack" }), "not_allowed", "Not allowed");
        AssertError(await bob.RequestAsync("delete-message", new { roomId = room, seq = 1 }), "not_allowed");
        AssertError(await alice.RequestAsync("edit-message", new { roomId = room, seq = 99, content = "x" }), "not_found", "Not found");
        AssertError(await alice.RequestAsync("delete-message", new { roomId = room, seq = 99 }), "not_found");
        AssertError(await carol.RequestAsync("edit-message", new { roomId = room, seq = 1, content = "x" }), "not_in_room");
        AssertError(await carol.RequestAsync("get-changes", new { roomId = room, sinceChangeSeq = 0 }), "not_in_room");
        var unchanged = await alice.RequestOkAsync("get-changes", new { roomId = room, sinceChangeSeq = 0 });
        Assert.Equal((0, 0L, false), (unchanged.GetProperty("messages").GetArrayLength(), unchanged.GetProperty("lastChangeSeq").GetInt64(), unchanged.GetProperty("hasMore").GetBoolean()));

        var edit = await alice.RequestOkAsync("edit-message", new { roomId = room, seq = 1, content = "v2" });
        Assert.Equal(["changeSeq", "editedAt", "success"], edit.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(edit.GetProperty("editedAt").GetInt64() > 0);
        Assert.Equal(1, edit.GetProperty("changeSeq").GetInt64());
        Assert.Equal(2, (await alice.RequestOkAsync("delete-message", new { roomId = room, seq = 2 })).GetProperty("changeSeq").GetInt64());
        // A tombstone deleted again: the same change, nothing new.
        Assert.Equal(2, (await alice.RequestOkAsync("delete-message", new { roomId = room, seq = 2 })).GetProperty("changeSeq").GetInt64());
        AssertError(await alice.RequestAsync("edit-message", new { roomId = room, seq = 2, content = "back" }), "not_found");
        // The owner may delete anyone's message.
        Assert.Equal(3, (await alice.RequestOkAsync("delete-message", new { roomId = room, seq = 3 })).GetProperty("changeSeq").GetInt64());

        var history = (await bob.RequestOkAsync("get-history", new { roomId = room })).GetProperty("messages");
        Assert.Equal(("v2", true, false, 1L), Message(history[0]));
        Assert.Equal(edit.GetProperty("editedAt").GetInt64(), history[0].GetProperty("editedAt").GetInt64());
        Assert.Equal(("", false, true, 2L), Message(history[1]));
        Assert.False(history[1].TryGetProperty("editedAt", out _));
        Assert.Equal(("", false, true, 3L), Message(history[2]));

        var changes = await bob.RequestOkAsync("get-changes", new { roomId = room, sinceChangeSeq = 0 });
        Assert.Equal([1L, 2L, 3L], Seqs(changes));
        Assert.Equal((3L, false), (changes.GetProperty("lastChangeSeq").GetInt64(), changes.GetProperty("hasMore").GetBoolean()));
        Assert.Equal([3L], Seqs(await bob.RequestOkAsync("get-changes", new { roomId = room, sinceChangeSeq = 2 })));
        var page = await bob.RequestOkAsync("get-changes", new { roomId = room, sinceChangeSeq = 0, limit = 2 });
        Assert.Equal([1L, 2L], Seqs(page));
        Assert.True(page.GetProperty("hasMore").GetBoolean());

        // Recovery in the join: the changes at or below sinceSeq, and the change counter.
        var join = await bob.RequestOkAsync("join-room", new { roomId = room, sinceSeq = 3, sinceChangeSeq = 1 });
        Assert.Equal(3, join.GetProperty("lastChangeSeq").GetInt64());
        Assert.Equal([2L, 3L], join.GetProperty("changes").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.False(join.TryGetProperty("hasMoreChanges", out _));
        Assert.Equal(3, (await carol.RequestOkAsync("join-room", room)).GetProperty("lastChangeSeq").GetInt64());
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Private_messages_are_edited_and_deleted_by_their_author_only(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol, name: "Alice");
        await using var bob = await ProtocolClient.ConnectAsync(Server, protocol, name: "Bob");
        await alice.RequestOkAsync("private-message", new { targetUserId = bob.UserId, content = "hi bob" });
        await alice.RequestOkAsync("private-message", new { targetUserId = bob.UserId, content = "oops" });

        AssertError(await bob.RequestAsync("edit-message", new { withUserId = alice.UserId, seq = 1, content = "x" }), "not_allowed");
        AssertError(await bob.RequestAsync("delete-message", new { withUserId = alice.UserId, seq = 2 }), "not_allowed");
        AssertError(await alice.RequestAsync("edit-message", new { withUserId = bob.UserId, seq = 3, content = "x" }), "not_found");

        var edit = await alice.RequestOkAsync("edit-message", new { withUserId = bob.UserId, seq = 1, content = "hi Bob" });
        Assert.Equal(1, edit.GetProperty("changeSeq").GetInt64());
        Assert.Equal(2, (await alice.RequestOkAsync("delete-message", new { withUserId = bob.UserId, seq = 2 })).GetProperty("changeSeq").GetInt64());

        var changes = await bob.RequestOkAsync("get-changes", new { withUserId = alice.UserId, sinceChangeSeq = 0 });
        Assert.Equal([1L, 2L], Seqs(changes));
        Assert.Equal(("hi Bob", true, false, 1L), Message(changes.GetProperty("messages")[0]));
        Assert.Equal(("", false, true, 2L), Message(changes.GetProperty("messages")[1]));
        Assert.Equal(2, changes.GetProperty("lastChangeSeq").GetInt64());
        Assert.Equal(2, (await bob.RequestOkAsync("get-private-history", new { withUserId = alice.UserId })).GetProperty("lastChangeSeq").GetInt64());
        var conversation = (await bob.RequestOkAsync("get-conversations", null)).GetProperty("conversations")[0];
        Assert.Equal(2, conversation.GetProperty("lastChangeSeq").GetInt64());
    }

    private static (string Content, bool Edited, bool Deleted, long ChangeSeq) Message(JsonElement message) => (
        message.GetProperty("content").GetString()!,
        message.GetProperty("edited").GetBoolean(),
        message.GetProperty("deleted").GetBoolean(),
        message.GetProperty("changeSeq").GetInt64());

    private static List<long> Seqs(JsonElement ack) => [.. ack.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64())];
}
