namespace Orleans.Chat.Cluster.Tests;

/// <summary>An edit (with its room's change counter) and a room read cursor survive a full restart on Redis.</summary>
public sealed class ChangesRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_edit_and_a_room_read_cursor_survive_a_full_restart()
    {
        await using var cluster = await ChatCluster.StartAsync("changes-restart", silos: 1, gateways: 1, output);
        await cluster.RunAsync(async () =>
        {
            var (authorId, readerId) = (TestIds.User(), TestIds.User());
            var roomId = TestIds.Room();
            long editedAt;

            await using (var author = await Member(cluster.Gateways[0], authorId))
            await using (var reader = await Member(cluster.Gateways[0], readerId))
            {
                await author.JoinAsync(roomId);
                await reader.JoinAsync(roomId);
                for (var i = 1; i <= 3; i++)
                {
                    await author.SendAsync(roomId, $"message {i}", GiveUp);
                }

                var edit = await author.Client.RequestOkAsync("edit-message", new { roomId, seq = 2, content = "edited before the restart" });
                Assert.Equal(1, edit.GetProperty("changeSeq").GetInt64());
                editedAt = edit.GetProperty("editedAt").GetInt64();
                await reader.Client.RequestOkAsync("mark-read", new { roomId, seq = 2 });
            }

            await cluster.StopNodesAsync();
            await cluster.Redis.ShutdownAsync();
            await cluster.Redis.StartAsync();
            await cluster.StartSilosAsync(1);
            await cluster.StartGatewaysAsync(1);

            await using var readerAfter = await Member(cluster.Gateways[0], readerId);
            var summary = Assert.Single((await readerAfter.Client.RequestOkAsync("get-rooms", new { })).GetProperty("rooms").EnumerateArray());
            Assert.Equal(roomId, summary.GetProperty("room").GetProperty("id").GetString());
            Assert.Equal((3L, 2L, 1L), (summary.GetProperty("lastSeq").GetInt64(), summary.GetProperty("readSeq").GetInt64(), summary.GetProperty("unread").GetInt64()));

            var history = await readerAfter.Client.RequestOkAsync("get-history", new { roomId });
            var edited = history.GetProperty("messages").EnumerateArray().Single(message => message.GetProperty("seq").GetInt64() == 2);
            Assert.Equal("edited before the restart", edited.GetProperty("content").GetString());
            Assert.Equal((editedAt, 1L), (edited.GetProperty("editedAt").GetInt64(), edited.GetProperty("changeSeq").GetInt64()));

            // A client that saw seqs up to 3 and no change catches up on the edit; the counter goes on from it.
            var join = await readerAfter.Client.RequestOkAsync("join-room", new { roomId, sinceSeq = 3, sinceChangeSeq = 0 });
            Assert.Equal(1, join.GetProperty("lastChangeSeq").GetInt64());
            Assert.Equal([2L], join.GetProperty("changes").EnumerateArray().Select(message => message.GetProperty("seq").GetInt64()));
            await using var authorAfter = await Member(cluster.Gateways[0], authorId);
            var next = await authorAfter.Client.RequestOkAsync("edit-message", new { roomId, seq = 3, content = "edited after the restart" });
            Assert.Equal(2, next.GetProperty("changeSeq").GetInt64());
        });
    }

    private static Task<ChatMember> Member(GatewayNode gateway, string userId) =>
        ChatMember.ConnectAsync(userId, () => gateway.ConnectAsync(userId));
}
