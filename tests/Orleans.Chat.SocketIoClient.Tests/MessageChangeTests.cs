using System.Text.Json;
using Orleans.Chat.SocketIoClient.Tests.Infrastructure;
using SocketIOClient.Transport;

namespace Orleans.Chat.SocketIoClient.Tests;

/// <summary>Edits, deletes, read receipts and app-defined room events with the SocketIOClient package against a real gateway.</summary>
public sealed class MessageChangeTests(SocketIoGatewayFixture fixture) : IClassFixture<SocketIoGatewayFixture>
{
    private static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task Edit_delete_and_mark_read_answer_in_the_ack_and_reach_the_other_member(TransportProtocol transport)
    {
        var roomId = NewId("room");
        var aliceId = NewId("alice");
        var bobId = NewId("bob");
        using var alice = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, await fixture.Server.DevTokenAsync(aliceId), transport);
        using var bob = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, await fixture.Server.DevTokenAsync(bobId), transport);
        await alice.RequestAsync("join-room", new { roomId });
        await bob.RequestAsync("join-room", new { roomId });
        var first = await alice.RequestAsync("message", new { roomId, content = "helo" });
        var second = await alice.RequestAsync("message", new { roomId, content = "oops" });
        var firstSeq = first.GetProperty("seq").GetInt64();
        var secondSeq = second.GetProperty("seq").GetInt64();

        Assert.Equal("not_allowed", (await bob.RequestAsync("edit-message", new { roomId, seq = firstSeq, content = "mine" })).GetProperty("code").GetString());
        Assert.Equal("not_found", (await alice.RequestAsync("edit-message", new { roomId, seq = 99, content = "x" })).GetProperty("code").GetString());
        var edited = await alice.RequestAsync("edit-message", new { roomId, seq = firstSeq, content = "hello" });
        Assert.Equal(1, edited.GetProperty("changeSeq").GetInt64());
        var edit = (await bob.WaitForEventAsync("message-edited", e => e.GetProperty("roomId").GetString() == roomId))[0];
        Assert.Equal(("hello", aliceId, firstSeq, 1L), (edit.GetProperty("content").GetString(), edit.GetProperty("editedBy").GetString(), edit.GetProperty("seq").GetInt64(), edit.GetProperty("changeSeq").GetInt64()));

        var deleted = await alice.RequestAsync("delete-message", new { roomId, seq = secondSeq });
        Assert.Equal(2, deleted.GetProperty("changeSeq").GetInt64());
        var delete = (await bob.WaitForEventAsync("message-deleted", e => e.GetProperty("roomId").GetString() == roomId))[0];
        Assert.Equal((secondSeq, second.GetProperty("messageId").GetString(), aliceId), (delete.GetProperty("seq").GetInt64(), delete.GetProperty("id").GetString(), delete.GetProperty("deletedBy").GetString()));

        Assert.True((await bob.RequestAsync("mark-read", new { roomId, seq = secondSeq })).GetProperty("success").GetBoolean());
        var receipt = (await alice.WaitForEventAsync("read-receipt", r => r.GetProperty("roomId").GetString() == roomId))[0];
        Assert.Equal((bobId, secondSeq), (receipt.GetProperty("userId").GetString(), receipt.GetProperty("seq").GetInt64()));
        var rooms = (await bob.RequestAsync("get-rooms", new { })).GetProperty("rooms").EnumerateArray();
        var summary = rooms.Single(r => r.GetProperty("room").GetProperty("id").GetString() == roomId);
        Assert.Equal((0L, secondSeq), (summary.GetProperty("unread").GetInt64(), summary.GetProperty("readSeq").GetInt64()));
    }

    [Theory]
    [InlineData(TransportProtocol.WebSocket)]
    [InlineData(TransportProtocol.Polling)]
    public async Task Room_events_go_to_the_other_members_only(TransportProtocol transport)
    {
        var roomId = NewId("room");
        var aliceId = NewId("alice");
        using var alice = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, await fixture.Server.DevTokenAsync(aliceId), transport);
        using var bob = await ChatSocket.ConnectAsync(fixture.Server.BaseUri, await fixture.Server.DevTokenAsync(NewId("bob")), transport);
        await alice.RequestAsync("join-room", new { roomId });
        await bob.RequestAsync("join-room", new { roomId });

        Assert.True((await alice.RequestAsync("room-event", new { roomId, @event = "cursor-moved", data = new { x = 1 } })).GetProperty("success").GetBoolean());
        var received = (await bob.WaitForEventAsync("room-event", e => e.GetProperty("roomId").GetString() == roomId))[0];
        Assert.Equal((aliceId, "cursor-moved", 1), (received.GetProperty("userId").GetString(), received.GetProperty("event").GetString(), received.GetProperty("data").GetProperty("x").GetInt32()));
        Assert.Equal("invalid_format", (await alice.RequestAsync("room-event", new { roomId, @event = "Bad Name", data = 1 })).GetProperty("code").GetString());

        await Task.Delay(200);
        Assert.Empty(alice.Received("room-event"));
        Assert.Equal(JsonValueKind.Object, Assert.Single(bob.Received("room-event")).ValueKind);
    }
}
