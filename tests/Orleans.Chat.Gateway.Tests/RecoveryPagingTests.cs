using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>A join with sinceSeq far behind: the ack carries one page and hasMore; get-history afterSeq gives the rest.</summary>
public sealed class RecoveryPagingTests
{
    private const int RecoveryBatch = 4;

    [Fact]
    public async Task A_join_far_behind_carries_one_page_and_has_more_and_history_and_live_messages_complete_it_without_gap_or_duplicate()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["Limits:RecoveryBatch"] = RecoveryBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Limits:EventsPerMinute"] = "100000",
        });
        var room = TestIds.Room();
        await using var alice = await server.ConnectAsync(TestIds.User());
        await alice.RequestOkAsync("join-room", room);
        for (var n = 1; n <= 11; n++)
        {
            await alice.RequestOkAsync("message", new { roomId = room, content = $"m{n}" });
        }

        await using var bob = await server.ConnectAsync(TestIds.User());
        var join = await bob.RequestAsync("join-room", new { roomId = room, sinceSeq = 1 });
        Assert.True(join.GetProperty("hasMore").GetBoolean());
        Assert.True(join.GetProperty("recovered").GetBoolean());
        Assert.Equal(11, join.GetProperty("lastSeq").GetInt64());
        var seqs = join.GetProperty("recentMessages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).ToList();
        Assert.Equal([2, 3, 4, 5], seqs);

        await alice.RequestOkAsync("message", new { roomId = room, content = "live" });
        while (seqs[^1] < join.GetProperty("lastSeq").GetInt64())
        {
            var page = await bob.RequestAsync("get-history", new { roomId = room, afterSeq = seqs[^1], limit = 3 });
            seqs.AddRange(page.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()).Where(seq => seq <= 11));
        }

        var live = await bob.WaitForEventAsync("new-message");
        seqs.Add(live.GetProperty("seq").GetInt64());
        Assert.Equal(Enumerable.Range(2, 11).Select(i => (long)i), seqs);

        // Within one page: no hasMore (and seq 12, which this connection had live, is not repeated).
        var again = await bob.RequestAsync("join-room", new { roomId = room, sinceSeq = 10 });
        Assert.False(again.TryGetProperty("hasMore", out _));
        Assert.Equal(11, Assert.Single(again.GetProperty("recentMessages").EnumerateArray()).GetProperty("seq").GetInt64());
    }
}
