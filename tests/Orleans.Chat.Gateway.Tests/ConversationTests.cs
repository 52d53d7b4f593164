using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>get-conversations, get-private-history, mark-read, the unread cap and pending-messages' bound.</summary>
[Collection(GatewayCollection.Name)]
public sealed class ConversationTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Get_conversations_lists_both_users_conversations_most_recently_active_first_with_unread_counts()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        await using var bob = await Server.ConnectAsync(name: "Bob");
        await using var carol = await Server.ConnectAsync(name: "Carol");

        await SendAsync(alice, bob.UserId, "hi bob");
        await SendAsync(bob, alice.UserId, "hi alice");
        await SendAsync(bob, alice.UserId, "how are you?");
        await Task.Delay(5);
        var last = await SendAsync(carol, alice.UserId, "hello from carol");

        var ack = await alice.RequestAsync("get-conversations", null);
        Assert.Equal(["conversations", "success"], ack.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var conversations = ack.GetProperty("conversations").EnumerateArray().ToList();
        Assert.Equal([ConversationId(alice.UserId, carol.UserId), ConversationId(alice.UserId, bob.UserId)],
            conversations.Select(c => c.GetProperty("conversationId").GetString()));
        Assert.Equal(["conversationId", "withUser", "lastSeq", "lastMessage", "unread", "lastChangeSeq"], conversations[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal((carol.UserId, "Carol", 1L, 1L), Summary(conversations[0]));
        Assert.Equal((bob.UserId, "Bob", 3L, 2L), Summary(conversations[1]));
        AssertPrivateMessage(conversations[0].GetProperty("lastMessage"), last.GetProperty("messageId").GetString()!,
            ConversationId(alice.UserId, carol.UserId), 1, carol.UserId, "Carol", alice.UserId, "hello from carol");
        Assert.Equal("how are you?", conversations[1].GetProperty("lastMessage").GetProperty("content").GetString());

        var bobs = (await bob.RequestAsync("get-conversations", new { })).GetProperty("conversations").EnumerateArray().Single();
        Assert.Equal((alice.UserId, "Alice", 3L, 0L), Summary(bobs));

        var limited = await alice.RequestAsync("get-conversations", new { limit = 1 });
        Assert.Equal([ConversationId(alice.UserId, carol.UserId)], limited.GetProperty("conversations").EnumerateArray().Select(c => c.GetProperty("conversationId").GetString()));

        await using var newcomer = await Server.ConnectAsync();
        Assert.Empty((await newcomer.RequestAsync("get-conversations", new { limit = 500 })).GetProperty("conversations").EnumerateArray());
        AssertError(await alice.RequestAsync("get-conversations", "all"), "invalid_format");
        AssertError(await alice.RequestAsync("get-conversations", new { limit = -1 }), "invalid_format");
        AssertError(await alice.RequestAsync("get-conversations", new { limit = "ten" }), "invalid_format");
    }

    [Fact]
    public async Task Get_private_history_pages_by_seq_for_both_users()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        var bobId = TestIds.User();
        for (var i = 1; i <= 8; i++)
        {
            await SendAsync(alice, bobId, $"m{i}");
        }

        var newest = await alice.RequestAsync("get-private-history", new { withUserId = bobId, limit = 3 });
        Assert.Equal(["conversationId", "lastChangeSeq", "lastSeq", "messages", "success"], newest.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(ConversationId(alice.UserId, bobId), newest.GetProperty("conversationId").GetString());
        Assert.Equal(8, newest.GetProperty("lastSeq").GetInt64());
        Assert.Equal([6L, 7, 8], Seqs(newest));
        Assert.Equal([2L, 3], Seqs(await alice.RequestAsync("get-private-history", new { withUserId = bobId, beforeSeq = 4, limit = 2 })));
        Assert.Equal([5L, 6, 7, 8], Seqs(await alice.RequestAsync("get-private-history", new { withUserId = bobId, afterSeq = 4 })));
        Assert.Equal([5L], Seqs(await alice.RequestAsync("get-private-history", new { withUserId = bobId, afterSeq = 4, beforeSeq = 6 })));
        Assert.Equal([1L], Seqs(await alice.RequestAsync("get-private-history", new { withUserId = bobId, afterSeq = 0, limit = 0 })));

        await using var bob = await Server.ConnectAsync(bobId);
        var bobView = await bob.RequestAsync("get-private-history", new { withUserId = alice.UserId, limit = 1000 });
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), Seqs(bobView));
        Assert.Equal(ConversationId(alice.UserId, bobId), bobView.GetProperty("conversationId").GetString());

        var nothing = await alice.RequestAsync("get-private-history", new { withUserId = TestIds.User() });
        Assert.Equal((0L, 0), (nothing.GetProperty("lastSeq").GetInt64(), nothing.GetProperty("messages").GetArrayLength()));

        AssertError(await alice.RequestAsync("get-private-history", new { }), "invalid_format");
        AssertError(await alice.RequestAsync("get-private-history", bobId), "invalid_format");
        AssertError(await alice.RequestAsync("get-private-history", new { withUserId = bobId, beforeSeq = -1 }), "invalid_format");
        AssertError(await alice.RequestAsync("get-private-history", new { withUserId = bobId, afterSeq = "1" }), "invalid_format");
        AssertError(await alice.RequestAsync("get-private-history", new { withUserId = bobId, limit = 1.5 }), "invalid_format");
    }

    [Fact]
    public async Task Mark_read_moves_the_cursor_forward_only_and_changes_unread()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        for (var i = 1; i <= 4; i++)
        {
            await SendAsync(alice, bob.UserId, $"m{i}");
        }

        Assert.Equal(4, await UnreadAsync(bob));
        Assert.Equal(["success"], (await bob.RequestAsync("mark-read", new { withUserId = alice.UserId, seq = 3 })).EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, await UnreadAsync(bob));
        await bob.RequestOkAsync("mark-read", new { withUserId = alice.UserId, seq = 1 });
        Assert.Equal(1, await UnreadAsync(bob));
        await bob.RequestOkAsync("mark-read", new { withUserId = alice.UserId, seq = 1000 });
        Assert.Equal(0, await UnreadAsync(bob));

        // Read state of a conversation that has no message yet: accepted, nothing to read.
        Assert.True((await bob.RequestAsync("mark-read", new { withUserId = TestIds.User(), seq = 5 })).GetProperty("success").GetBoolean());

        // A room the user is not in (rooms have read cursors of their own: ReadStateEventTests).
        AssertError(await bob.RequestAsync("mark-read", new { roomId = TestIds.Room(), seq = 1 }), "not_in_room");
        AssertError(await bob.RequestAsync("mark-read", new { withUserId = alice.UserId, roomId = "some-room", seq = 1 }), "invalid_format");
        AssertError(await bob.RequestAsync("mark-read", new { withUserId = alice.UserId }), "invalid_format");
        AssertError(await bob.RequestAsync("mark-read", new { withUserId = alice.UserId, seq = -2 }), "invalid_format");
        AssertError(await bob.RequestAsync("mark-read", new { seq = 2 }), "invalid_format");
        AssertError(await bob.RequestAsync("mark-read", null), "invalid_format");
    }

    [Fact]
    public async Task Unread_cap_refuses_with_quota_exceeded_until_the_recipient_reads()
    {
        await using var alice = await Server.ConnectAsync();
        var bobId = TestIds.User();
        for (var i = 0; i < GatewayFixture.MaxUnreadPrivateMessages; i++)
        {
            await SendAsync(alice, bobId, $"m{i}");
        }

        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bobId, content = "one too many" }), "quota_exceeded", "Quota exceeded");

        await using var bob = await Server.ConnectAsync(bobId);
        await bob.RequestOkAsync("mark-read", new { withUserId = alice.UserId, seq = 2 });
        await SendAsync(alice, bobId, "room for one");
        await SendAsync(alice, bobId, "and another");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bobId, content = "full again" }), "quota_exceeded");
        var history = await alice.RequestAsync("get-private-history", new { withUserId = bobId });
        Assert.Equal(GatewayFixture.MaxUnreadPrivateMessages + 2, history.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task Pending_messages_lists_the_newest_unread_across_conversations_in_time_order()
    {
        var (alice, bob) = (await Server.ConnectAsync(), await Server.ConnectAsync());
        var carolId = TestIds.User();
        var sent = new List<string>();
        for (var i = 0; i < GatewayFixture.PendingOnConnect + 2; i++)
        {
            var from = i % 2 == 0 ? alice : bob;
            sent.Add((await SendAsync(from, carolId, $"m{i}")).GetProperty("messageId").GetString()!);
            await Task.Delay(2);
        }

        await using var carol = await Server.ConnectAsync(carolId);
        var pending = (await carol.WaitForEventAsync("pending-messages")).EnumerateArray().ToList();

        Assert.Equal(sent.TakeLast(GatewayFixture.PendingOnConnect), pending.Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(pending.Select(m => m.GetProperty("timestamp").GetInt64()).Order(), pending.Select(m => m.GetProperty("timestamp").GetInt64()));
        await alice.DisposeAsync();
        await bob.DisposeAsync();
    }

    [Fact]
    public async Task Conversation_events_work_over_socket_io()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        var bobId = TestIds.User();
        await using var bob = await RawSocketIoClient.ConnectWebSocketAsync(Server.BaseUri, await Server.DevTokenAsync(bobId, "Bob"));

        var ack = await bob.RequestAsync("private-message", new { targetUserId = alice.UserId, content = "over socket.io", clientMsgId = TestIds.ClientMsg() });
        AssertPrivateMessageAck(ack, bobId, alice.UserId, expectedSeq: 1, delivered: true);
        var echoed = await bob.WaitForEventAsync("private-message");
        AssertPrivateMessage(echoed, ack.GetProperty("messageId").GetString()!, ConversationId(alice.UserId, bobId), 1, bobId, "Bob", alice.UserId, "over socket.io");
        await SendAsync(alice, bobId, "reply");

        var history = await bob.RequestAsync("get-private-history", new { withUserId = alice.UserId });
        Assert.Equal([1L, 2L], Seqs(history));
        var conversations = await bob.RequestAsync("get-conversations", null);
        Assert.Equal((alice.UserId, "Alice", 2L, 1L), Summary(conversations.GetProperty("conversations")[0]));
        Assert.True((await bob.RequestAsync("mark-read", new { withUserId = alice.UserId, seq = 2 })).GetProperty("success").GetBoolean());
        Assert.Equal(0, (await bob.RequestAsync("get-conversations", new { limit = 5 })).GetProperty("conversations")[0].GetProperty("unread").GetInt64());
        AssertError(await bob.RequestAsync("mark-read", new { roomId = "r", withUserId = alice.UserId, seq = 1 }), "invalid_format");
    }

    internal static async Task<JsonElement> SendAsync(TestChatClient from, string toUserId, string content)
    {
        var ack = await from.RequestAsync("private-message", new { targetUserId = toUserId, content });
        Assert.True(ack.TryGetProperty("success", out _), ack.GetRawText());
        return ack;
    }

    private static (string, string, long, long) Summary(JsonElement conversation) =>
        (conversation.GetProperty("withUser").GetProperty("id").GetString()!,
         conversation.GetProperty("withUser").GetProperty("name").GetString()!,
         conversation.GetProperty("lastSeq").GetInt64(),
         conversation.GetProperty("unread").GetInt64());

    private static List<long> Seqs(JsonElement historyAck) =>
        [.. historyAck.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64())];

    private static async Task<long> UnreadAsync(TestChatClient client) =>
        (await client.RequestAsync("get-conversations", null)).GetProperty("conversations").EnumerateArray().Sum(c => c.GetProperty("unread").GetInt64());
}
