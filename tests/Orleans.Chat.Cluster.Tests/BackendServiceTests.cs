namespace Orleans.Chat.Cluster.Tests;

/// <summary>
/// A backend service (the sample room bot, deploy/samples/room-bot) in its own process joins the
/// cluster through Redis and talks to users connected to two different gateways.
/// </summary>
[Collection(TwoByTwoClusterCollection.Name)]
public sealed class BackendServiceTests
{
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(20);

    private readonly ChatCluster _cluster;

    public BackendServiceTests(TwoByTwoClusterFixture fixture, ITestOutputHelper output)
    {
        _cluster = fixture.Cluster;
        _cluster.Output = output;
    }

    [Fact]
    public Task A_bot_process_posts_into_a_room_and_users_on_both_gateways_receive_it_live() => _cluster.RunAsync(async () =>
    {
        var (alice, bob, room) = await RoomOnTwoGatewaysAsync();
        await using (alice)
        await using (bob)
        {
            var botId = TestIds.User("bot");
            var greeting = "hello from " + botId;
            await using var bot = await RoomBotNode.StartAsync(_cluster, botId, room, greeting);

            foreach (var user in new[] { alice, bob })
            {
                var message = await user.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == greeting, Delivery);
                Assert.Equal(room, message.GetProperty("roomId").GetString());
                Assert.Equal(botId, message.GetProperty("userId").GetString());
            }

            // Stored, not just relayed: a user reading history sees it at its seq.
            var history = await bob.RequestOkAsync("get-history", room);
            Assert.Contains(history.GetProperty("messages").EnumerateArray(), m => m.GetProperty("content").GetString() == greeting);
            await StopAsync(bot);
        }
    });

    [Fact]
    public Task The_bot_answers_a_command_from_the_chat_events_feed_to_users_on_both_gateways() => _cluster.RunAsync(async () =>
    {
        var (alice, bob, room) = await RoomOnTwoGatewaysAsync();
        await using (alice)
        await using (bob)
        {
            var botId = TestIds.User("bot");
            var greeting = "hello from " + botId;
            await using var bot = await RoomBotNode.StartAsync(_cluster, botId, room, greeting);

            // The bot subscribes to the feed before it greets: after the greeting, it hears the command.
            await alice.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == greeting, Delivery);
            await alice.RequestOkAsync("message", new { roomId = room, content = "!ping" });

            foreach (var user in new[] { alice, bob })
            {
                var pong = await user.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "pong", Delivery);
                Assert.Equal(botId, pong.GetProperty("userId").GetString());
            }

            // One answer only, and none to its own messages (pong is no command).
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Single(bob.Received("new-message"), d => d.GetProperty("content").GetString() == "pong");
            await StopAsync(bot);
        }
    });

    /// <summary>
    /// A graceful stop unsubscribes the bot from the feed. A killed consumer's subscriptions stay in the
    /// stream pub-sub, and the pulling agent then waits out a delivery timeout per batch for it.
    /// </summary>
    private static async Task StopAsync(NodeProcess bot) =>
        Assert.True(await bot.StopAsync(TimeSpan.FromSeconds(20)), "the bot did not stop within 20 s of SIGTERM");

    /// <summary>Alice on the first gateway creates a public room, Bob on the second joins it; both are subscribed.</summary>
    private async Task<(TestChatClient Alice, TestChatClient Bob, string Room)> RoomOnTwoGatewaysAsync()
    {
        var room = TestIds.Room();
        var alice = await _cluster.Gateways[0].ConnectAsync(TestIds.User("alice"));
        var bob = await _cluster.Gateways[1].ConnectAsync(TestIds.User("bob"));
        await alice.RequestOkAsync("create-room", new { roomId = room, name = "Bot room", visibility = "public" });
        await bob.RequestOkAsync("join-room", room);
        await ChatChecks.WaitUntilSubscribedAsync(bob, alice, room);
        await ChatChecks.WaitUntilSubscribedAsync(alice, bob, room);
        return (alice, bob, room);
    }
}
