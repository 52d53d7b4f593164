using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class RoomMessagingTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(400);

    private static string NewRoom() => TestIds.Room();

    [Fact]
    public async Task Two_users_in_a_room_exchange_messages_in_seq_order()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = NewRoom();

        var aliceJoin = await alice.RequestAsync("join-room", room);
        Assert.True(aliceJoin.GetProperty("success").GetBoolean());
        Assert.Equal(0, aliceJoin.GetProperty("lastSeq").GetInt64());
        await bob.RequestOkAsync("join-room", new { roomId = room });
        await alice.WaitForEventAsync("user-joined", d => d.GetProperty("userId").GetString() == bob.UserId);

        for (var i = 1; i <= 5; i++)
        {
            var ack = await alice.RequestAsync("message", new { roomId = room, content = $"hello {i}" });
            Assert.Equal(i, ack.GetProperty("seq").GetInt64());
        }

        for (var i = 1; i <= 5; i++)
        {
            var message = await bob.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == i);
            Assert.Equal($"hello {i}", message.GetProperty("content").GetString());
            Assert.Equal(alice.UserId, message.GetProperty("userId").GetString());
        }

        Assert.Equal([1L, 2, 3, 4, 5], bob.Received("new-message").Select(m => m.GetProperty("seq").GetInt64()));
        await alice.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 5);
    }

    [Fact]
    public async Task Concurrent_senders_on_one_gateway_get_unique_gap_free_seqs_and_everyone_sees_them_in_order()
    {
        // Sends that queue up behind a call in flight go to the room as one batch.
        var room = NewRoom();
        var clients = new List<TestChatClient>();
        for (var i = 0; i < 5; i++)
        {
            var client = await Server.ConnectAsync();
            clients.Add(client);
            await client.RequestOkAsync("join-room", room);
        }

        try
        {
            var acks = await Task.WhenAll(clients.Select(async (client, c) =>
            {
                var seqs = new List<long>();
                for (var i = 0; i < 20; i++)
                {
                    var ack = await client.RequestAsync("message", new { roomId = room, content = $"{c}:{i}", clientMsgId = $"{c}-{i}" });
                    Assert.True(ack.GetProperty("success").GetBoolean());
                    seqs.Add(ack.GetProperty("seq").GetInt64());
                }

                return seqs;
            }));

            Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), acks.SelectMany(seqs => seqs).Order());
            Assert.All(acks, seqs => Assert.Equal(seqs.Order(), seqs));
            foreach (var client in clients)
            {
                await client.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 100);
                Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), client.Received("new-message").Select(m => m.GetProperty("seq").GetInt64()));
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Messages_sent_without_waiting_for_acks_keep_their_order_and_a_later_leave_waits_for_them()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = NewRoom();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);

        for (var i = 1; i <= 20; i++)
        {
            await alice.SendFrameAsync(new { type = "message", id = $"p{i}", data = new { roomId = room, content = $"m{i}" } });
        }

        await alice.SendFrameAsync(new { type = "leave-room", id = "leave", data = new { roomId = room } });
        await alice.WaitForFrameAsync(frame => TestChatClient.IsAckFor(frame, "leave"));

        var frames = alice.Frames();
        var acks = Enumerable.Range(1, 20).Select(i => frames.Single(frame => TestChatClient.IsAckFor(frame, $"p{i}"))).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), acks.Select(ack => ack.GetProperty("data").GetProperty("seq").GetInt64()));
        var leaveAt = frames.ToList().FindIndex(frame => TestChatClient.IsAckFor(frame, "leave"));
        Assert.All(acks, ack => Assert.True(frames.ToList().FindIndex(frame => TestChatClient.IsAckFor(frame, ack.GetProperty("id").GetString()!)) < leaveAt));

        await bob.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 20);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"m{i}"), bob.Received("new-message").Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Message_ack_and_new_message_reach_every_connection_including_the_senders()
    {
        var aliceId = TestIds.User();
        await using var alice1 = await Server.ConnectAsync(aliceId, "Alice");
        await using var bob = await Server.ConnectAsync(name: "Bob");
        var room = NewRoom();
        await alice1.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        // A connection opened after the join is subscribed to the room at connect.
        await using var alice2 = await Server.ConnectAsync(aliceId, "Alice");
        // Requests are read once the connection has finished opening, room subscriptions included.
        await alice2.RequestOkAsync("ping", null);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var ack = await alice1.RequestAsync("message", new { roomId = room, content = "hi all", type = "text" });

        Assert.True(ack.GetProperty("success").GetBoolean());
        var messageId = ack.GetProperty("messageId").GetString();
        Assert.False(string.IsNullOrEmpty(messageId));
        Assert.Equal(1, ack.GetProperty("seq").GetInt64());
        var timestamp = ack.GetProperty("timestamp").GetInt64();
        Assert.InRange(timestamp, before - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);

        foreach (var client in new[] { alice1, alice2, bob })
        {
            var message = await client.WaitForEventAsync("new-message", d => d.GetProperty("id").GetString() == messageId);
            Assert.Equal(room, message.GetProperty("roomId").GetString());
            Assert.Equal(1, message.GetProperty("seq").GetInt64());
            Assert.Equal(aliceId, message.GetProperty("userId").GetString());
            Assert.Equal(aliceId, message.GetProperty("user").GetProperty("id").GetString());
            Assert.Equal("Alice", message.GetProperty("user").GetProperty("name").GetString());
            Assert.Equal("hi all", message.GetProperty("content").GetString());
            Assert.Equal("text", message.GetProperty("type").GetString());
            Assert.Equal(timestamp, message.GetProperty("timestamp").GetInt64());
            Assert.False(message.GetProperty("edited").GetBoolean());
            Assert.False(message.GetProperty("deleted").GetBoolean());
            Assert.False(message.TryGetProperty("clientMsgId", out _));
        }
    }

    [Fact]
    public async Task Message_type_defaults_to_text()
    {
        await using var alice = await Server.ConnectAsync();
        var room = NewRoom();
        await alice.RequestOkAsync("join-room", room);

        await alice.RequestOkAsync("message", new { roomId = room, content = "typeless" });

        var message = await alice.WaitForEventAsync("new-message");
        Assert.Equal("text", message.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Same_client_msg_id_twice_returns_the_first_message_and_is_delivered_once()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = NewRoom();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        var clientMsgId = TestIds.ClientMsg();

        var first = await alice.RequestAsync("message", new { roomId = room, content = "once", clientMsgId });
        var retry = await alice.RequestAsync("message", new { roomId = room, content = "once", clientMsgId });
        var next = await alice.RequestAsync("message", new { roomId = room, content = "next" });

        Assert.True(retry.GetProperty("success").GetBoolean());
        Assert.Equal(first.GetProperty("messageId").GetString(), retry.GetProperty("messageId").GetString());
        Assert.Equal(first.GetProperty("seq").GetInt64(), retry.GetProperty("seq").GetInt64());
        Assert.Equal(first.GetProperty("timestamp").GetInt64(), retry.GetProperty("timestamp").GetInt64());
        Assert.Equal(first.GetProperty("seq").GetInt64() + 1, next.GetProperty("seq").GetInt64());

        // Messages arrive in seq order: once "next" is here, any duplicate would be too.
        await bob.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "next");
        Assert.Equal(["once", "next"], bob.Received("new-message").Select(m => m.GetProperty("content").GetString()));
        var history = await bob.RequestAsync("get-history", new { roomId = room });
        Assert.Equal(["once", "next"], history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Same_client_msg_id_from_another_sender_is_a_different_message()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = NewRoom();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        var clientMsgId = TestIds.ClientMsg();

        var fromAlice = await alice.RequestAsync("message", new { roomId = room, content = "alice", clientMsgId });
        var fromBob = await bob.RequestAsync("message", new { roomId = room, content = "bob", clientMsgId });

        Assert.NotEqual(fromAlice.GetProperty("messageId").GetString(), fromBob.GetProperty("messageId").GetString());
        Assert.Equal(2, fromBob.GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Non_members_of_the_room_do_not_receive_its_messages()
    {
        await using var alice = await Server.ConnectAsync();
        await using var outsider = await Server.ConnectAsync();
        var room = NewRoom();
        await alice.RequestOkAsync("join-room", room);
        await outsider.RequestOkAsync("join-room", NewRoom());

        await alice.RequestOkAsync("message", new { roomId = room, content = "members only" });

        await alice.WaitForEventAsync("new-message");
        await outsider.AssertNoEventAsync("new-message", Quiet);
    }
}
