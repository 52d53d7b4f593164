using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class HistoryAndRecoveryTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    public static TheoryData<string, long[]> HistoryQueries => new()
    {
        { "{}", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
        { """{"limit":3}""", [8, 9, 10] },
        { """{"beforeSeq":6,"limit":3}""", [3, 4, 5] },
        { """{"beforeSeq":4}""", [1, 2, 3] },
        { """{"afterSeq":6,"limit":2}""", [7, 8] },
        { """{"afterSeq":7}""", [8, 9, 10] },
        { """{"afterSeq":2,"beforeSeq":6}""", [3, 4, 5] },
        { """{"afterSeq":10}""", [] },
        { """{"beforeSeq":1}""", [] },
        { """{"limit":null,"beforeSeq":null,"afterSeq":null}""", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
    };

    [Theory]
    [MemberData(nameof(HistoryQueries))]
    public async Task Get_history_pages_with_before_after_and_limit_in_ascending_order(string query, long[] expectedSeqs)
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await SendAsync(alice, room, 10);

        var ack = await alice.RequestAsync("get-history", WithRoom(query, room));

        Assert.True(ack.GetProperty("success").GetBoolean());
        var messages = ack.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(expectedSeqs, messages.Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(expectedSeqs.Select(seq => $"message {seq}"), messages.Select(m => m.GetProperty("content").GetString()));
        Assert.All(messages, m => Assert.Equal(room, m.GetProperty("roomId").GetString()));
    }

    [Theory]
    [InlineData("""{"beforeSeq":"5"}""")]
    [InlineData("""{"afterSeq":-1}""")]
    [InlineData("""{"afterSeq":1.5}""")]
    [InlineData("""{"limit":"all"}""")]
    [InlineData("""{"roomId":7}""")]
    public async Task Get_history_with_wrongly_typed_fields_is_invalid_format(string extra)
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        AssertError(await alice.RequestAsync("get-history", WithRoom(extra, room)), "invalid_format", "Invalid message format");
    }

    [Fact]
    public async Task Join_without_since_seq_returns_the_newest_recent_messages()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await SendAsync(alice, room, GatewayFixture.RecentMessages + 3);

        var join = await bob.RequestAsync("join-room", room);

        var expected = Enumerable.Range(4, GatewayFixture.RecentMessages).Select(i => (long)i);
        Assert.Equal(expected, join.GetProperty("recentMessages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
        Assert.Equal(GatewayFixture.RecentMessages + 3, join.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task Rejoin_with_since_seq_recovers_missed_messages_then_live_ones_follow_without_gap_or_duplicate()
    {
        await using var alice = await Server.ConnectAsync();
        var bobId = TestIds.User();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await using (var bob = await Server.ConnectAsync(bobId))
        {
            await bob.RequestOkAsync("join-room", room);
            await SendAsync(alice, room, 2);
            await bob.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 2);
        }

        await SendAsync(alice, room, 3, firstNumber: 3);

        await using var bobAgain = await Server.ConnectAsync(bobId);
        var (join, ackIndex) = await bobAgain.RequestWithIndexAsync("join-room", new { roomId = room, sinceSeq = 2 });

        Assert.True(join.GetProperty("success").GetBoolean());
        Assert.True(join.GetProperty("recovered").GetBoolean());
        Assert.Equal(5, join.GetProperty("lastSeq").GetInt64());

        await SendAsync(alice, room, 2, firstNumber: 6);
        await bobAgain.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 7);
        var frames = bobAgain.Frames();
        var after = NewMessageSeqs(frames.Skip(ackIndex + 1));
        Assert.Equal([6L, 7], after);

        // The new connection is subscribed to the room from connect, so a message still on its way
        // may arrive live before the join ack; the ack then leaves it out: every message exactly once.
        var before = NewMessageSeqs(frames.Take(ackIndex));
        var recovered = join.GetProperty("recentMessages").EnumerateArray().ToList();
        Assert.All(recovered, m => Assert.Equal($"message {m.GetProperty("seq").GetInt64()}", m.GetProperty("content").GetString()));
        var all = before.Concat(recovered.Select(m => m.GetProperty("seq").GetInt64())).Concat(after).ToList();
        Assert.Equal([3L, 4, 5, 6, 7], all.Order());
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public async Task Join_with_since_seq_while_messages_keep_coming_has_no_gap_and_no_duplicate()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await SendAsync(alice, room, 3);
        const int Total = 15;

        var sending = SendAsync(alice, room, Total - 3, firstNumber: 4);
        var (join, ackIndex) = await bob.RequestWithIndexAsync("join-room", new { roomId = room, sinceSeq = 1 });
        await sending;
        await bob.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == Total);

        Assert.True(join.GetProperty("recovered").GetBoolean());
        var recovered = join.GetProperty("recentMessages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        var frames = bob.Frames();
        var live = NewMessageSeqs(frames.Skip(ackIndex + 1));
        Assert.Empty(NewMessageSeqs(frames.Take(ackIndex))); // bob was not in the room before this join
        Assert.Equal(Enumerable.Range(2, Total - 1).Select(i => (long)i), recovered.Concat(live));
        Assert.Equal(join.GetProperty("lastSeq").GetInt64(), recovered[^1]);
    }

    [Fact]
    public async Task Join_with_since_seq_leaves_out_what_the_connection_already_received_live()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        await SendAsync(alice, room, 3);
        await bob.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 3);

        var (join, ackIndex) = await bob.RequestWithIndexAsync("join-room", new { roomId = room, sinceSeq = 0 });

        Assert.True(join.GetProperty("recovered").GetBoolean());
        Assert.Equal(3, join.GetProperty("lastSeq").GetInt64());
        Assert.Empty(join.GetProperty("recentMessages").EnumerateArray());
        await SendAsync(alice, room, 1, firstNumber: 4);
        await bob.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 4);
        Assert.Equal([1L, 2, 3, 4], NewMessageSeqs(bob.Frames()));
    }

    [Fact]
    public async Task Join_with_since_seq_beyond_the_last_seq_is_not_recovered()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await SendAsync(alice, room, 2);

        var join = await alice.RequestAsync("join-room", new { roomId = room, sinceSeq = 40 });

        Assert.False(join.GetProperty("recovered").GetBoolean());
        Assert.Equal(2, join.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task Join_with_since_seq_at_the_last_seq_recovers_nothing()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await SendAsync(alice, room, 3);

        var join = await alice.RequestAsync("join-room", new { roomId = room, sinceSeq = 3 });

        Assert.True(join.GetProperty("recovered").GetBoolean());
        Assert.Empty(join.GetProperty("recentMessages").EnumerateArray());
        Assert.Equal(3, join.GetProperty("lastSeq").GetInt64());
    }

    [Fact]
    public async Task Join_with_since_seq_older_than_retention_is_not_recovered()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        var total = GatewayFixture.HistoryPerRoom + 5;
        await SendAsync(alice, room, total);

        var join = await bob.RequestAsync("join-room", new { roomId = room, sinceSeq = 2 });

        Assert.False(join.GetProperty("recovered").GetBoolean());
        var seqs = join.GetProperty("recentMessages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(total - GatewayFixture.HistoryPerRoom + 1, GatewayFixture.HistoryPerRoom).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task Join_with_a_bad_since_seq_is_invalid_format()
    {
        await using var alice = await Server.ConnectAsync();

        AssertError(await alice.RequestAsync("join-room", new { roomId = TestIds.Room(), sinceSeq = "3" }), "invalid_format");
        AssertError(await alice.RequestAsync("join-room", new { roomId = TestIds.Room(), sinceSeq = -1 }), "invalid_format");
    }

    private static List<long> NewMessageSeqs(IEnumerable<JsonElement> frames) =>
        [.. frames.Where(f => TestChatClient.Type(f) == "new-message").Select(f => f.GetProperty("data").GetProperty("seq").GetInt64())];

    /// <summary>The JSON object with roomId added (unless it has one).</summary>
    private static Dictionary<string, JsonElement> WithRoom(string json, string room)
    {
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        payload.TryAdd("roomId", JsonSerializer.SerializeToElement(room));
        return payload;
    }

    private static async Task SendAsync(TestChatClient client, string room, int count, int firstNumber = 1)
    {
        for (var i = firstNumber; i < firstNumber + count; i++)
        {
            var ack = await client.RequestAsync("message", new { roomId = room, content = $"message {i}" });
            Assert.Equal(i, ack.GetProperty("seq").GetInt64());
        }
    }
}
