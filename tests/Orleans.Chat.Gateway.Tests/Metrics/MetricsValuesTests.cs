namespace Orleans.Chat.Gateway.Tests.Metrics;

/// <summary>The chat's series after real traffic on a real gateway: the counts the traffic must produce, no more.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsValuesTests
{
    [Fact]
    public async Task Connects_messages_deliveries_refusals_and_disconnects_are_counted_with_bounded_labels()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?>(LoopbackCaps.Lifted));
        var before = await MetricsText.ScrapeAsync(server.Http);
        double Delta(MetricsText after, string name, params (string, string)[] labels) => after.Value(name, labels) - before.Value(name, labels);

        await using var alice = await server.ConnectAsync();
        var bob = await server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", new { roomId = room });
        await bob.RequestOkAsync("join-room", new { roomId = room });
        for (var i = 1; i <= 3; i++)
        {
            await alice.RequestOkAsync("message", new { roomId = room, content = $"hello {i}" });
        }

        await bob.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 3);
        await alice.WaitForEventAsync("new-message", d => d.GetProperty("seq").GetInt64() == 3);
        await alice.RequestOkAsync("private-message", new { targetUserId = bob.UserId, content = "psst" });
        await bob.WaitForEventAsync("private-message");

        // A client cannot mint label values: an invented event name counts as "unknown".
        var unknown = await alice.RequestAsync("bogus-event-x1y2z3", new { });
        Assert.Equal("unknown_event", unknown.GetProperty("code").GetString());
        var notInRoom = await alice.RequestAsync("message", new { roomId = TestIds.Room(), content = "nobody here" });
        Assert.Equal("not_in_room", notInRoom.GetProperty("code").GetString());

        // A malformed frame without an id is answered with an error event, counted once.
        await alice.SendRawAsync("not json");
        await alice.WaitForEventAsync("error", d => d.GetProperty("code").GetString() == "invalid_format");

        var after = await MetricsText.ScrapeAsync(server.Http);
        Assert.Equal(2, after.Value("orleans_chat_connections", ("protocol", "native"), ("transport", "websocket")));
        Assert.Equal(0, after.Value("orleans_chat_connections", ("protocol", "socketio")));
        Assert.Equal(2, Delta(after, "orleans_chat_connects_total", ("protocol", "native")));
        Assert.Equal(3, Delta(after, "orleans_chat_messages_stored_total", ("scope", "room")));
        Assert.Equal(1, Delta(after, "orleans_chat_messages_stored_total", ("scope", "conversation")));
        Assert.Equal(4, Delta(after, "orleans_chat_events_in_total", ("event", "message")));
        Assert.Equal(2, Delta(after, "orleans_chat_events_in_total", ("event", "join-room")));
        Assert.Equal(1, Delta(after, "orleans_chat_events_in_total", ("event", "private-message")));
        Assert.Equal(1, Delta(after, "orleans_chat_events_in_total", ("event", "unknown")));
        Assert.DoesNotContain("bogus-event", after.Text, StringComparison.Ordinal);
        Assert.Equal(1, Delta(after, "orleans_chat_refusals_total", ("code", "unknown_event")));
        Assert.Equal(1, Delta(after, "orleans_chat_refusals_total", ("code", "not_in_room")));
        Assert.Equal(1, Delta(after, "orleans_chat_refusals_total", ("code", "invalid_format")));
        // Three messages, each queued for both sessions; one delay sample per message, not per receiver.
        Assert.Equal(6, Delta(after, "orleans_chat_deliveries_total", ("kind", "message")));
        Assert.Equal(3, Delta(after, "orleans_chat_fanout_delay_seconds_count"));
        Assert.True(Delta(after, "orleans_chat_fanout_delay_seconds_bucket", ("le", "+Inf")) == 3, "the histogram's buckets hold the samples");
        Assert.True(Delta(after, "orleans_chat_deliveries_total", ("kind", "user")) >= 1, "the private message was delivered to bob's session");
        Assert.Equal(1, after.Value("orleans_chat_cluster_connected"));
        Assert.Equal(0, Delta(after, "orleans_chat_slow_clients_dropped_total"));

        await bob.DisposeAsync();
        var closed = await Eventually.ProbeAsync(() => MetricsText.ScrapeAsync(server.Http),
            scrape => scrape.Value("orleans_chat_connections", ("protocol", "native")) == 1, "bob's session is gone");
        Assert.Equal(1, Delta(closed, "orleans_chat_disconnects_total", ("protocol", "native"), ("reason", "client")));

        // The other meters are exported too: Orleans, ASP.NET Core and the runtime.
        Assert.Contains("orleans_chat_", closed.Text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", closed.Text, StringComparison.Ordinal);
        Assert.Contains("kestrel_", closed.Text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections", closed.Text, StringComparison.Ordinal);
        Assert.Contains("orleans_", closed.Text.Replace("orleans_chat_", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
