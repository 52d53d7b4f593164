using System.Net.Http.Json;
using System.Text.Json;

namespace Orleans.Chat.Cluster.Tests;

/// <summary>Scenario 1: users on different gateways, rooms on different silos, every message to every member.</summary>
[Collection(TwoByTwoClusterCollection.Name)]
public sealed class CrossNodeDeliveryTests
{
    private const int MessagesPerUserAndRoom = 8;

    private readonly ChatCluster _cluster;

    public CrossNodeDeliveryTests(TwoByTwoClusterFixture fixture, ITestOutputHelper output)
    {
        _cluster = fixture.Cluster;
        _cluster.Output = output;
    }

    [Fact]
    public Task Every_member_on_either_gateway_gets_every_message_of_rooms_on_either_silo_once_and_in_seq_order() => _cluster.RunAsync(async () =>
    {
        var (gateway1, gateway2) = (_cluster.Gateways[0], _cluster.Gateways[1]);
        var members = new List<ChatMember>();
        foreach (var (gateway, count) in new[] { (gateway1, 2), (gateway2, 2) })
        {
            for (var i = 0; i < count; i++)
            {
                var userId = TestIds.User();
                members.Add(await ChatMember.ConnectAsync(userId, () => gateway.ConnectAsync(userId), _cluster.Log));
            }
        }

        try
        {
            // Four rooms on each silo, every member in all of them.
            var placement = await RoomPlacement.OpenRoomsOnEverySiloAsync(_cluster, gateway1, perSilo: 4, TimeSpan.FromSeconds(60));
            var rooms = placement.Values.SelectMany(hosted => hosted).ToList();
            foreach (var room in rooms)
            {
                foreach (var member in members)
                {
                    await member.JoinAsync(room);
                }
            }

            // Everyone sends to every room at once; each user's messages interleave across rooms.
            await SendRoundsAsync(members, rooms, MessagesPerUserAndRoom);

            var acked = members.SelectMany(member => member.Acked).ToList();
            var attempts = members.SelectMany(member => member.Attempts).ToList();
            Assert.All(attempts, attempt => Assert.Equal("ok", attempt.Outcome)); // a healthy cluster needs no retry
            var lastSeqs = rooms.ToDictionary(room => room, room => acked.Where(m => m.RoomId == room).Max(m => m.Seq));
            await DeliveryChecks.WaitUntilAllCaughtUpAsync(members, lastSeqs, TimeSpan.FromSeconds(30));

            foreach (var room in rooms)
            {
                var history = await RoomHistory.ReadAllAsync(members[0].Client, room);
                DeliveryChecks.HistoryHoldsExactlyTheAcked(room, history, acked, earlier: 1); // seq 1: the message that opened the room
                foreach (var member in members)
                {
                    DeliveryChecks.MemberSawExactly(member, room, history);
                }
            }
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    });

    [Fact]
    public Task A_user_connected_to_both_gateways_gets_private_messages_presence_and_new_rooms_on_both() => _cluster.RunAsync(async () =>
    {
        var (gateway1, gateway2) = (_cluster.Gateways[0], _cluster.Gateways[1]);
        var (xId, yId, zId) = (TestIds.User(), TestIds.User(), TestIds.User());

        // A dev token from one gateway is valid on the other: the signing key is shared.
        var xToken = await gateway1.DevTokenAsync(xId, "Xavier");
        await using var x1 = await gateway1.ConnectWithTokenAsync(xToken, xId);
        await using var x2 = await gateway2.ConnectWithTokenAsync(xToken, xId);
        await using var y = await gateway1.ConnectAsync(yId);
        await using var z = await gateway2.ConnectAsync(zId);

        var sent = await y.RequestAsync("private-message", new { targetUserId = xId, content = "psst", clientMsgId = TestIds.ClientMsg() });
        Assert.True(sent.GetProperty("delivered").GetBoolean(), sent.GetRawText());
        foreach (var connection in new[] { x1, x2 })
        {
            var received = await connection.WaitForEventAsync("private-message");
            Assert.Equal("psst", received.GetProperty("content").GetString());
            Assert.Equal(yId, received.GetProperty("fromUserId").GetString());
        }

        // x joins on gateway 1; its gateway-2 connection is subscribed through x's user stream.
        var room = TestIds.Room();
        foreach (var client in new[] { y, z })
        {
            await client.RequestOkAsync("join-room", room);
        }

        await x1.RequestOkAsync("join-room", room);
        var probe = 0;
        await WaitUntilAsync(async () =>
        {
            await z.RequestOkAsync("message", new { roomId = room, content = $"probe {++probe}" });
            await Task.Delay(300);
            return x2.Received("new-message").Any(m => m.GetProperty("roomId").GetString() == room);
        }, "x's gateway-2 connection to be subscribed to the room x joined on gateway 1", TimeSpan.FromSeconds(15));

        var firstLive = x2.Received("new-message").First(m => m.GetProperty("roomId").GetString() == room).GetProperty("seq").GetInt64();
        for (var i = 0; i < 5; i++)
        {
            await y.RequestOkAsync("message", new { roomId = room, content = $"after {i}" });
        }

        var lastSeq = probe + 5;
        foreach (var connection in new[] { x1, x2 })
        {
            await connection.WaitForEventAsync("new-message", m => m.GetProperty("seq").GetInt64() == lastSeq);
        }

        Assert.Equal(Range(1, lastSeq), Seqs(x1, room));
        Assert.Equal(Range(firstLive, lastSeq), Seqs(x2, room));

        // Typing on gateway 2 reaches gateway 1; a status change reaches both of x's connections.
        await z.EmitAsync("typing", new { roomId = room });
        await y.WaitForEventAsync("user-typing", d => d.GetProperty("userId").GetString() == zId);
        await y.RequestOkAsync("update-status", "away");
        foreach (var connection in new[] { x1, x2 })
        {
            await connection.WaitForEventAsync("presence-update", d => d.GetProperty("userId").GetString() == yId && d.GetProperty("status").GetString() == "away");
        }
    });

    [Fact]
    public Task A_broadcast_posted_to_one_gateway_reaches_the_connections_of_every_gateway() => _cluster.RunAsync(async () =>
    {
        await using var one = await _cluster.Gateways[0].ConnectAsync(TestIds.User());
        await using var two = await _cluster.Gateways[1].ConnectAsync(TestIds.User());
        var marker = Guid.NewGuid().ToString("N");

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_cluster.Gateways[1].BaseUri, "/api/broadcast"))
        {
            Content = JsonContent.Create(new { @event = "announcement", data = new { marker } }),
        };
        request.Headers.Add("X-Api-Key", ChatCluster.ApiKey);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"broadcast: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

        foreach (var connection in new[] { one, two })
        {
            await connection.WaitForEventAsync("announcement", d => d.GetProperty("marker").GetString() == marker);
        }
    });

    private static Task SendRoundsAsync(IEnumerable<ChatMember> members, IReadOnlyList<string> rooms, int rounds) =>
        Task.WhenAll(members.Select(member => Task.Run(async () =>
        {
            for (var i = 1; i <= rounds; i++)
            {
                foreach (var room in rooms)
                {
                    await member.SendAsync(room, $"{member.UserId} {Guid.NewGuid():N} in {room}", TimeSpan.FromSeconds(30));
                }
            }
        })));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static List<long> Seqs(TestChatClient client, string room) =>
        [.. client.Received("new-message").Where(m => m.GetProperty("roomId").GetString() == room).Select(m => m.GetProperty("seq").GetInt64())];

    private static List<long> Range(long from, long to) => [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => (long)i)];
}
