using System.Text.Json;

namespace Orleans.Chat.Cluster.Tests;

/// <summary>
/// An acked private message is stored in its conversation (Redis) before the ack: it is there
/// after the recipient's gateway or the conversation's silo is killed -9.
/// </summary>
public sealed class PrivateMessageFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Messages_acked_delivered_to_a_recipient_whose_gateway_is_then_killed_are_pending_after_reconnect()
    {
        await using var cluster = await ChatCluster.StartAsync("dm-gateway-kill", silos: 1, gateways: 2, output);
        await cluster.RunAsync(async () =>
        {
            var (gatewayA, gatewayB) = (cluster.Gateways[0], cluster.Gateways[1]);
            var (senderId, recipientId) = (TestIds.User(), TestIds.User());
            await using var sender = await gatewayB.ConnectAsync(senderId);
            var recipient = await gatewayA.ConnectAsync(recipientId);

            var acked = new List<JsonElement>();
            for (var i = 1; i <= 3; i++)
            {
                var ack = await sender.RequestAsync("private-message", new { targetUserId = recipientId, content = $"dm {i}", clientMsgId = TestIds.ClientMsg() }, TimeSpan.FromSeconds(30));
                Assert.True(ack.GetProperty("delivered").GetBoolean(), ack.GetRawText());
                acked.Add(ack);
            }

            await cluster.KillAsync(gatewayA);
            await recipient.DisposeAsync();

            await using var again = await gatewayB.ConnectAsync(recipientId);
            var pending = await again.WaitForEventAsync("pending-messages", timeout: TimeSpan.FromSeconds(20));
            AssertHolds(acked, pending, await again.RequestAsync("get-private-history", new { withUserId = senderId }, TimeSpan.FromSeconds(30)));
        });
    }

    [Fact]
    public async Task Messages_acked_just_before_the_conversation_silo_is_killed_are_there_after_reconnect()
    {
        await using var cluster = await ChatCluster.StartAsync("dm-silo-kill", silos: 2, gateways: 1, output);
        await cluster.RunAsync(async () =>
        {
            var gateway = cluster.Gateways[0];
            var senderId = TestIds.User();
            await using var sender = await gateway.ConnectAsync(senderId);

            // Conversations with offline recipients until one lives on each silo (placement is the cluster's choice).
            var acked = new Dictionary<string, List<JsonElement>>();
            var placement = new Dictionary<SiloNode, List<string>>();
            var deadline = DateTime.UtcNow + GiveUp;
            while (placement.Count < cluster.Silos.Count || placement.Values.Any(hosted => hosted.Count == 0))
            {
                Assert.True(DateTime.UtcNow < deadline, "no conversation landed on some silo");
                var recipientId = TestIds.User();
                acked[recipientId] = [await SendAsync(sender, recipientId, "opening")];
                await Task.Delay(200);
                placement = cluster.Silos.ToDictionary(silo => silo, silo => acked.Keys.Where(id => silo.ActivatedConversations().Contains(ChatChecks.ConversationId(senderId, id))).ToList());
            }

            var victim = cluster.Silos[1];
            cluster.Log($"{victim.Name} hosts the conversations with {string.Join(", ", placement[victim])}; one more message each, then kill -9");
            foreach (var recipientId in acked.Keys)
            {
                acked[recipientId].Add(await SendAsync(sender, recipientId, "just before the kill"));
            }

            await cluster.KillAsync(victim);

            foreach (var (recipientId, messages) in acked)
            {
                var (pending, history) = await ReconnectAndReadAsync(gateway, recipientId, senderId, DateTime.UtcNow + GiveUp);
                AssertHolds(messages, pending, history);
            }
        });
    }

    private static async Task<JsonElement> SendAsync(TestChatClient sender, string recipientId, string content)
    {
        var ack = await sender.RequestAsync("private-message", new { targetUserId = recipientId, content, clientMsgId = TestIds.ClientMsg() }, TimeSpan.FromSeconds(30));
        Assert.True(ack.TryGetProperty("success", out _), ack.GetRawText());
        return ack;
    }

    /// <summary>Connects (again and again while the cluster recovers) until the connect hands over the pending messages.</summary>
    private static async Task<(JsonElement Pending, JsonElement History)> ReconnectAndReadAsync(GatewayNode gateway, string recipientId, string senderId, DateTime giveUpAt)
    {
        while (true)
        {
            try
            {
                await using var client = await gateway.ConnectAsync(recipientId);
                var pending = await client.WaitForEventAsync("pending-messages", timeout: TimeSpan.FromSeconds(20));
                var history = await client.RequestAsync("get-private-history", new { withUserId = senderId }, TimeSpan.FromSeconds(30));
                if (history.TryGetProperty("success", out _))
                {
                    return (pending, history);
                }
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or System.Net.WebSockets.WebSocketException && DateTime.UtcNow < giveUpAt)
            {
                // The cluster is still finding out that the silo died.
            }

            Assert.True(DateTime.UtcNow < giveUpAt, $"{recipientId} did not get its messages back in time");
            await Task.Delay(500);
        }
    }

    private static void AssertHolds(IReadOnlyList<JsonElement> acked, JsonElement pending, JsonElement history)
    {
        var ids = acked.Select(ack => ack.GetProperty("messageId").GetString()).ToList();
        Assert.Equal(ids, pending.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(ids, history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(Enumerable.Range(1, ids.Count).Select(i => (long)i), history.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("seq").GetInt64()));
    }
}
