using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Gateway.Fanout;
using Orleans.Chat.Gateway.Tests.Infrastructure;
using Orleans.Chat.Grains;
using Orleans.Core.Internal;

namespace Orleans.Chat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class PrivateMessageTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Private_message_is_stored_in_the_conversation_and_reaches_every_connection_of_both_users()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        var bobId = TestIds.User();
        await using var bob1 = await Server.ConnectAsync(bobId);
        await using var bob2 = await Server.ConnectAsync(bobId);
        await using var alice2 = await Server.ConnectAsync(alice.UserId, "Alice");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var ack = await alice.RequestAsync("private-message", new { targetUserId = bobId, content = "psst" });

        AssertPrivateMessageAck(ack, alice.UserId, bobId, expectedSeq: 1, delivered: true);
        var messageId = ack.GetProperty("messageId").GetString();
        foreach (var connection in new[] { bob1, bob2, alice, alice2 })
        {
            // The recipient's connections, and the sender's too (the sending one included).
            var message = await connection.WaitForEventAsync("private-message");
            AssertPrivateMessage(message, messageId!, ConversationId(alice.UserId, bobId), 1, alice.UserId, "Alice", bobId, "psst");
            Assert.InRange(message.GetProperty("timestamp").GetInt64(), before - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);
        }
    }

    [Fact]
    public async Task Private_message_to_an_offline_user_is_listed_in_pending_messages_until_read()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        var carolId = TestIds.User();

        var first = await alice.RequestAsync("private-message", new { targetUserId = carolId, content = "while you were out 1" });
        var second = await alice.RequestAsync("private-message", new { targetUserId = carolId, content = "while you were out 2", type = "note" });

        AssertPrivateMessageAck(first, alice.UserId, carolId, expectedSeq: 1, delivered: false);
        AssertPrivateMessageAck(second, alice.UserId, carolId, expectedSeq: 2, delivered: false);

        await using (var carol = await Server.ConnectAsync(carolId))
        {
            var pending = await carol.WaitForEventAsync("pending-messages");
            var frames = carol.Frames();
            Assert.Equal("connected", TestChatClient.Type(frames[0]));
            Assert.Equal("pending-messages", TestChatClient.Type(frames[1]));
            var messages = pending.EnumerateArray().ToList();
            Assert.Equal(2, messages.Count);
            AssertPrivateMessage(messages[0], first.GetProperty("messageId").GetString()!, ConversationId(alice.UserId, carolId), 1, alice.UserId, "Alice", carolId, "while you were out 1");
            AssertPrivateMessage(messages[1], second.GetProperty("messageId").GetString()!, ConversationId(alice.UserId, carolId), 2, alice.UserId, "Alice", carolId, "while you were out 2", "note");
            Assert.Empty(carol.Received("private-message"));
        }

        // Listing removes nothing: unread until marked read.
        await using (var again = await Server.ConnectAsync(carolId))
        {
            var pending = await again.WaitForEventAsync("pending-messages");
            Assert.Equal([1L, 2L], pending.EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
            Assert.True((await again.RequestAsync("mark-read", new { withUserId = alice.UserId, seq = 1 })).GetProperty("success").GetBoolean());
        }

        await using (var afterOne = await Server.ConnectAsync(carolId))
        {
            var pending = await afterOne.WaitForEventAsync("pending-messages");
            Assert.Equal([2L], pending.EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
            await afterOne.RequestOkAsync("mark-read", new { withUserId = alice.UserId, seq = 2 });
        }

        await using var afterAll = await Server.ConnectAsync(carolId);
        await AssertNoPendingMessagesAsync(afterAll);
    }

    [Fact]
    public async Task A_user_with_nothing_unread_gets_no_pending_messages()
    {
        await using var client = await Server.ConnectAsync();

        await AssertNoPendingMessagesAsync(client);
    }

    [Fact]
    public async Task Same_client_msg_id_to_an_online_user_is_stored_once_with_the_same_message_id_and_seq()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var clientMsgId = TestIds.ClientMsg();

        var first = await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "once", clientMsgId });
        var retry = await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "once", clientMsgId });
        await alice.RequestOkAsync("private-message", new { targetUserId = bob.UserId, content = "next" });

        Assert.Equal(first.GetProperty("messageId").GetString(), retry.GetProperty("messageId").GetString());
        Assert.Equal(1, retry.GetProperty("seq").GetInt64());
        Assert.True(retry.GetProperty("delivered").GetBoolean());

        // The user push keeps order: once "next" is here, a second push of the retry would be too.
        await bob.WaitForEventAsync("private-message", d => d.GetProperty("content").GetString() == "next");
        Assert.Equal([1L, 2L], bob.Received("private-message").Select(m => m.GetProperty("seq").GetInt64()));
        var history = await bob.RequestAsync("get-private-history", new { withUserId = alice.UserId });
        Assert.Equal(["once", "next"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Same_client_msg_id_to_an_offline_user_is_stored_once()
    {
        await using var alice = await Server.ConnectAsync();
        var daveId = TestIds.User();
        var clientMsgId = TestIds.ClientMsg();

        var first = await alice.RequestAsync("private-message", new { targetUserId = daveId, content = "stored once", clientMsgId });
        var retry = await alice.RequestAsync("private-message", new { targetUserId = daveId, content = "stored once", clientMsgId });

        Assert.Equal(first.GetProperty("messageId").GetString(), retry.GetProperty("messageId").GetString());
        Assert.False(retry.GetProperty("delivered").GetBoolean());
        await using var dave = await Server.ConnectAsync(daveId);
        var pending = await dave.WaitForEventAsync("pending-messages");
        Assert.Equal([first.GetProperty("messageId").GetString()], pending.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Private_message_to_oneself_is_stored_and_echoed()
    {
        await using var me = await Server.ConnectAsync(name: "Me");

        var ack = await me.RequestAsync("private-message", new { targetUserId = me.UserId, content = "note to self" });

        AssertPrivateMessageAck(ack, me.UserId, me.UserId, expectedSeq: 1, delivered: true);
        Assert.Equal($"dm:{me.UserId}:{me.UserId}", ack.GetProperty("conversationId").GetString());
        var message = await me.WaitForEventAsync("private-message");
        Assert.Equal(me.UserId, message.GetProperty("toUserId").GetString());
    }

    [Fact]
    public async Task Private_message_fields_are_validated()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();

        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "  " }), "invalid_format", "Invalid message format");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bob.UserId }), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", new { content = "to nobody" }), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = 42, content = "to a number" }), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "typed", type = 7 }), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "typed", type = "system" }), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "keyed", clientMsgId = 5 }), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", "just a string"), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = new string('x', 4001) }), "content_too_long", "Content too long");

        var ok = await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = new string('y', 4000) });
        Assert.True(ok.GetProperty("success").GetBoolean());
        Assert.Equal(1, ok.GetProperty("seq").GetInt64());
        var received = await bob.WaitForEventAsync("private-message");
        Assert.Equal(4000, received.GetProperty("content").GetString()!.Length);
        Assert.Single(bob.Received("private-message"));
    }

    [Fact]
    public async Task A_user_grain_that_goes_loses_nothing_and_a_lost_presence_partition_lists_the_unread_again_at_the_reassert()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        await using var bob = await Server.ConnectAsync();
        await alice.RequestOkAsync("private-message", new { targetUserId = bob.UserId, content = "pushed live" });
        await bob.WaitForEventAsync("private-message");

        // The user grain goes (idle collection, a silo loss): bob's connection kept nothing in it.
        var grains = Server.Services.GetRequiredService<IGrainFactory>();
        var bobsGrain = grains.GetGrain<IUserGrain>(bob.UserId).Cast<IGrainManagementExtension>();
        await bobsGrain.DeactivateOnIdle();
        await alice.RequestOkAsync("private-message", new { targetUserId = bob.UserId, content = "after the grain went" });
        await bob.WaitForEventAsync("private-message", m => m.GetProperty("content").GetString() == "after the grain went");

        // Bob's presence partition goes with his grain (their silo died): a push finds no gateway of bob until the
        // gateway re-asserts its users, which lists the unread messages again.
        await grains.PresenceOf(bob.UserId).Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await bobsGrain.DeactivateOnIdle();
        var missed = await alice.RequestOkAsync("private-message", new { targetUserId = bob.UserId, content = "while lost" });
        Assert.False(missed.GetProperty("delivered").GetBoolean());
        Assert.Empty(bob.Received("pending-messages"));

        await Server.Services.GetRequiredService<GatewayReassert>().ReassertAsync();
        var pending = await bob.WaitForEventAsync("pending-messages");
        Assert.Contains(missed.GetProperty("messageId").GetString(), pending.EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        // Re-asserted: the next message arrives live, and alice (on the gateway's same receiver) still gets hers.
        await alice.RequestOkAsync("private-message", new { targetUserId = bob.UserId, content = "live again" });
        await bob.WaitForEventAsync("private-message", m => m.GetProperty("content").GetString() == "live again");
        await bob.RequestOkAsync("private-message", new { targetUserId = alice.UserId, content = "back to alice" });
        await alice.WaitForEventAsync("private-message", m => m.GetProperty("content").GetString() == "back to alice");
    }
}
