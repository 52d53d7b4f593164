using System.Diagnostics;
using System.Text.Json;

namespace Orleans.Chat.Cluster.Tests;

/// <summary>Scenario 3: everything stops (Redis with SHUTDOWN SAVE) and a fresh cluster starts on the same Redis data.</summary>
public sealed class FullRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task History_seq_membership_private_room_access_and_pending_messages_survive_a_full_restart()
    {
        await using var cluster = await ChatCluster.StartAsync("restart", silos: 2, gateways: 2, output);
        await cluster.RunAsync(async () =>
        {
            var (ownerId, friendId, strangerId, absentId) = (TestIds.User(), TestIds.User(), TestIds.User(), TestIds.User());
            var (publicRoom, privateRoom) = (TestIds.Room(), TestIds.Room());
            IReadOnlyList<SeenMessage> publicBefore, privateBefore;
            string pendingId, pendingClientMsgId = TestIds.ClientMsg();
            AckedMessage lastPublic;

            await using (var owner = await Member(cluster.Gateways[0], ownerId))
            await using (var friend = await Member(cluster.Gateways[1], friendId))
            await using (var stranger = await Member(cluster.Gateways[0], strangerId))
            {
                await owner.Client.RequestOkAsync("create-room", new { roomId = privateRoom, name = "Secret", visibility = "private" });
                await owner.Client.RequestOkAsync("invite", new { roomId = privateRoom, userId = friendId });
                await friend.JoinAsync(privateRoom);
                Assert.Equal("access_denied", Code(await stranger.Client.RequestAsync("join-room", privateRoom)));
                foreach (var member in new[] { owner, friend, stranger })
                {
                    await member.JoinAsync(publicRoom);
                }

                for (var i = 1; i <= 3; i++)
                {
                    await owner.SendAsync(privateRoom, $"private from owner {i}", GiveUp);
                    await friend.SendAsync(privateRoom, $"private from friend {i}", GiveUp);
                    await stranger.SendAsync(publicRoom, $"public from stranger {i}", GiveUp);
                    await owner.SendAsync(publicRoom, $"public from owner {i}", GiveUp);
                }

                var pending = await owner.Client.RequestAsync("private-message", new { targetUserId = absentId, content = "read me after the restart", clientMsgId = pendingClientMsgId });
                Assert.False(pending.GetProperty("delivered").GetBoolean(), pending.GetRawText());
                pendingId = pending.GetProperty("messageId").GetString()!;

                lastPublic = owner.Acked[^1];
                publicBefore = await RoomHistory.ReadAllAsync(owner.Client, publicRoom);
                privateBefore = await RoomHistory.ReadAllAsync(owner.Client, privateRoom);
                DeliveryChecks.HistoryHoldsExactlyTheAcked(publicRoom, publicBefore, owner.Acked.Concat(stranger.Acked));
                DeliveryChecks.HistoryHoldsExactlyTheAcked(privateRoom, privateBefore, owner.Acked.Concat(friend.Acked));
            }

            var clock = Stopwatch.StartNew();
            await cluster.StopNodesAsync();
            var nodesStopped = clock.Elapsed;
            await cluster.Redis.ShutdownAsync();
            await cluster.Redis.StartAsync();
            var redisBack = clock.Elapsed;
            await cluster.StartSilosAsync(2);
            await cluster.StartGatewaysAsync(2);
            cluster.Log($"restart: nodes stopped gracefully in {nodesStopped.TotalSeconds:0.0} s, redis back at {redisBack.TotalSeconds:0.0} s, fresh cluster ready at {clock.Elapsed.TotalSeconds:0.0} s");

            // Resends after the restart are recognised: the room message and the private message are not stored again.
            await using (var owner = await Member(cluster.Gateways[0], ownerId))
            {
                DeliveryChecks.IsTheSameMessage(lastPublic, await owner.ResendAsync(lastPublic));
                var resent = await owner.Client.RequestAsync("private-message", new { targetUserId = absentId, content = "read me after the restart", clientMsgId = pendingClientMsgId });
                Assert.Equal(pendingId, resent.GetProperty("messageId").GetString());
                Assert.False(resent.GetProperty("delivered").GetBoolean(), resent.GetRawText());
            }

            // The recipient's first connect hands over the message queued before the restart, once.
            await using (var absent = await cluster.Gateways[0].ConnectAsync(absentId))
            {
                var handedOver = await absent.WaitForEventAsync("pending-messages");
                var message = Assert.Single(handedOver.EnumerateArray());
                Assert.Equal(pendingId, message.GetProperty("id").GetString());
                Assert.Equal(ownerId, message.GetProperty("fromUserId").GetString());
                Assert.Equal("read me after the restart", message.GetProperty("content").GetString());
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                Assert.Single(absent.Received("pending-messages"));
            }

            await using var ownerAfter = await Member(cluster.Gateways[1], ownerId);
            await using var friendAfter = await Member(cluster.Gateways[0], friendId);
            await using var strangerAfter = await Member(cluster.Gateways[1], strangerId);

            // Membership: each connection is subscribed to the rooms the user belonged to.
            Assert.Equal(Sorted(publicRoom, privateRoom), ConnectedRooms(ownerAfter));
            Assert.Equal(Sorted(publicRoom, privateRoom), ConnectedRooms(friendAfter));
            Assert.Equal(Sorted(publicRoom), ConnectedRooms(strangerAfter));

            // History as it was.
            Assert.Equal(publicBefore, await RoomHistory.ReadAllAsync(ownerAfter.Client, publicRoom));
            Assert.Equal(privateBefore, await RoomHistory.ReadAllAsync(friendAfter.Client, privateRoom));

            // The private room still keeps the stranger out.
            Assert.Equal("access_denied", Code(await strangerAfter.Client.RequestAsync("join-room", privateRoom)));
            Assert.Equal("not_in_room", Code(await strangerAfter.Client.RequestAsync("get-history", new { roomId = privateRoom })));
            Assert.Equal("not_in_room", Code(await strangerAfter.Client.RequestAsync("message", new { roomId = privateRoom, content = "let me in" })));

            // Seq goes on where it stopped, and the members (subscribed at connect) get the messages live.
            var nextPublic = await strangerAfter.SendAsync(publicRoom, "first after the restart", GiveUp);
            Assert.Equal(publicBefore.Count + 1, nextPublic.Seq);
            var nextPrivate = await friendAfter.SendAsync(privateRoom, "private after the restart", GiveUp);
            Assert.Equal(privateBefore.Count + 1, nextPrivate.Seq);
            foreach (var member in new[] { ownerAfter, friendAfter, strangerAfter })
            {
                await member.Client.WaitForEventAsync("new-message", m => m.GetProperty("id").GetString() == nextPublic.MessageId, TimeSpan.FromSeconds(15));
            }

            foreach (var member in new[] { ownerAfter, friendAfter })
            {
                await member.Client.WaitForEventAsync("new-message", m => m.GetProperty("id").GetString() == nextPrivate.MessageId, TimeSpan.FromSeconds(15));
            }

            Assert.DoesNotContain(strangerAfter.Client.Received("new-message"), m => m.GetProperty("roomId").GetString() == privateRoom);
        });
    }

    private static Task<ChatMember> Member(GatewayNode gateway, string userId) =>
        ChatMember.ConnectAsync(userId, () => gateway.ConnectAsync(userId));

    private static string? Code(JsonElement ack) => ack.TryGetProperty("code", out var code) ? code.GetString() : $"(no error: {ack.GetRawText()})";

    private static List<string> ConnectedRooms(ChatMember member) =>
        [.. member.Client.Received("connected").Single().GetProperty("rooms").EnumerateArray().Select(room => room.GetString()!).Order(StringComparer.Ordinal)];

    private static List<string> Sorted(params string[] rooms) => [.. rooms.Order(StringComparer.Ordinal)];
}
