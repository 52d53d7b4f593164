using Orleans.Chat.Gateway.Tests.Infrastructure;
using static Orleans.Chat.Gateway.Tests.RoomMembershipTests;

namespace Orleans.Chat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class PrivateMessageTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Private_message_to_an_online_user_reaches_every_connection_of_the_recipient()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        var bobId = TestIds.User();
        await using var bob1 = await Server.ConnectAsync(bobId);
        await using var bob2 = await Server.ConnectAsync(bobId);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var ack = await alice.RequestAsync("private-message", new { targetUserId = bobId, content = "psst" });

        Assert.True(ack.GetProperty("success").GetBoolean());
        Assert.True(ack.GetProperty("delivered").GetBoolean());
        var messageId = ack.GetProperty("messageId").GetString();
        Assert.False(string.IsNullOrEmpty(messageId));
        foreach (var bob in new[] { bob1, bob2 })
        {
            var message = await bob.WaitForEventAsync("private-message");
            Assert.Equal(messageId, message.GetProperty("id").GetString());
            Assert.Equal(alice.UserId, message.GetProperty("fromUserId").GetString());
            Assert.Equal(alice.UserId, message.GetProperty("fromUser").GetProperty("id").GetString());
            Assert.Equal("Alice", message.GetProperty("fromUser").GetProperty("name").GetString());
            Assert.Equal(bobId, message.GetProperty("toUserId").GetString());
            Assert.Equal("psst", message.GetProperty("content").GetString());
            Assert.InRange(message.GetProperty("timestamp").GetInt64(), before - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);
            Assert.False(message.TryGetProperty("clientMsgId", out _));
        }

        await alice.AssertNoEventAsync("private-message", Quiet);
    }

    [Fact]
    public async Task Private_message_to_an_offline_user_is_delivered_as_pending_messages_on_next_connect_only_once()
    {
        await using var alice = await Server.ConnectAsync(name: "Alice");
        var carolId = TestIds.User();

        var first = await alice.RequestAsync("private-message", new { targetUserId = carolId, content = "while you were out 1" });
        var second = await alice.RequestAsync("private-message", new { targetUserId = carolId, content = "while you were out 2" });

        Assert.True(first.GetProperty("success").GetBoolean());
        Assert.False(first.GetProperty("delivered").GetBoolean());
        Assert.False(second.GetProperty("delivered").GetBoolean());

        await using (var carol = await Server.ConnectAsync(carolId))
        {
            var pending = await carol.WaitForEventAsync("pending-messages");

            // Right after connected.
            var frames = carol.Frames();
            Assert.Equal("connected", TestChatClient.Type(frames[0]));
            Assert.Equal("pending-messages", TestChatClient.Type(frames[1]));
            var messages = pending.EnumerateArray().ToList();
            Assert.Equal(
                [first.GetProperty("messageId").GetString(), second.GetProperty("messageId").GetString()],
                messages.Select(m => m.GetProperty("id").GetString()));
            Assert.Equal(["while you were out 1", "while you were out 2"], messages.Select(m => m.GetProperty("content").GetString()));
            Assert.All(messages, m =>
            {
                Assert.Equal(alice.UserId, m.GetProperty("fromUserId").GetString());
                Assert.Equal("Alice", m.GetProperty("fromUser").GetProperty("name").GetString());
                Assert.Equal(carolId, m.GetProperty("toUserId").GetString());
            });
            Assert.Empty(carol.Received("private-message"));
        }

        // Let the hand-over claim lapse: a hand-over never confirmed would now be delivered again.
        await Task.Delay(GatewayFixture.PendingClaimLease + TimeSpan.FromMilliseconds(200));
        await using var again = await Server.ConnectAsync(carolId);
        await AssertNoPendingMessagesAsync(again);
    }

    [Fact]
    public async Task A_user_with_nothing_queued_gets_no_pending_messages()
    {
        await using var client = await Server.ConnectAsync();

        await AssertNoPendingMessagesAsync(client);
    }

    [Fact]
    public async Task Same_client_msg_id_to_an_online_user_is_delivered_once_with_the_same_message_id()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var clientMsgId = TestIds.ClientMsg();

        var first = await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "once", clientMsgId });
        var retry = await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "once", clientMsgId });
        await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "next" });

        Assert.Equal(first.GetProperty("messageId").GetString(), retry.GetProperty("messageId").GetString());
        Assert.True(retry.GetProperty("success").GetBoolean());
        Assert.True(retry.GetProperty("delivered").GetBoolean());
        // The user stream keeps order: once "next" is here, a duplicate would be too.
        await bob.WaitForEventAsync("private-message", d => d.GetProperty("content").GetString() == "next");
        Assert.Equal(["once", "next"], bob.Received("private-message").Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Same_client_msg_id_to_an_offline_user_is_queued_once()
    {
        await using var alice = await Server.ConnectAsync();
        var daveId = TestIds.User();
        var clientMsgId = TestIds.ClientMsg();

        var first = await alice.RequestAsync("private-message", new { targetUserId = daveId, content = "queued once", clientMsgId });
        var retry = await alice.RequestAsync("private-message", new { targetUserId = daveId, content = "queued once", clientMsgId });

        Assert.Equal(first.GetProperty("messageId").GetString(), retry.GetProperty("messageId").GetString());
        Assert.False(retry.GetProperty("delivered").GetBoolean());
        await using var dave = await Server.ConnectAsync(daveId);
        var pending = await dave.WaitForEventAsync("pending-messages");
        Assert.Equal([first.GetProperty("messageId").GetString()], pending.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Private_message_content_is_validated()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();

        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = "  " }), "invalid_format", "Invalid message format");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bob.UserId }), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", new { content = "to nobody" }), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = 42, content = "to a number" }), "invalid_format");
        AssertError(await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = new string('x', 4001) }), "content_too_long", "Content too long");

        var ok = await alice.RequestAsync("private-message", new { targetUserId = bob.UserId, content = new string('y', 4000) });
        Assert.True(ok.GetProperty("success").GetBoolean());
        var received = await bob.WaitForEventAsync("private-message");
        Assert.Equal(4000, received.GetProperty("content").GetString()!.Length);
        Assert.Single(bob.Received("private-message"));
    }

    /// <summary>
    /// pending-messages is queued while the connection opens, before any request is read: once
    /// the answer to a first request is here, it would be too.
    /// </summary>
    private static async Task AssertNoPendingMessagesAsync(TestChatClient client)
    {
        await client.RequestAsync("ping", null);
        Assert.Empty(client.Received("pending-messages"));
    }
}
