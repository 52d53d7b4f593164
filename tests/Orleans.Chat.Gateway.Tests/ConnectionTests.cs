using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class ConnectionTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Connected_is_the_first_event_with_session_user_time_and_no_rooms_for_a_new_user()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var client = await Server.ConnectAsync();

        var first = client.Frames()[0];
        Assert.Equal("connected", TestChatClient.Type(first));
        var data = first.GetProperty("data");
        Assert.False(string.IsNullOrEmpty(data.GetProperty("sessionId").GetString()));
        Assert.Equal(client.UserId, data.GetProperty("userId").GetString());
        Assert.InRange(data.GetProperty("serverTime").GetInt64(), before - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);
        Assert.Empty(data.GetProperty("rooms").EnumerateArray());
    }

    [Fact]
    public async Task Each_connection_gets_its_own_session_id()
    {
        var userId = TestIds.User();
        await using var first = await Server.ConnectAsync(userId);
        await using var second = await Server.ConnectAsync(userId);

        Assert.NotEqual(
            first.Received("connected").Single().GetProperty("sessionId").GetString(),
            second.Received("connected").Single().GetProperty("sessionId").GetString());
    }

    [Fact]
    public async Task Connected_lists_the_rooms_of_the_user_on_a_later_connection()
    {
        var userId = TestIds.User();
        var (roomA, roomB, roomLeft) = (TestIds.Room(), TestIds.Room(), TestIds.Room());
        await using (var first = await Server.ConnectAsync(userId))
        {
            await first.RequestOkAsync("join-room", roomA);
            await first.RequestOkAsync("create-room", new { roomId = roomB, visibility = "private" });
            await first.RequestOkAsync("join-room", roomLeft);
            await first.RequestOkAsync("leave-room", roomLeft);
        }

        await using var later = await Server.ConnectAsync(userId);

        var rooms = later.Received("connected").Single().GetProperty("rooms").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Equal(new[] { roomA, roomB }.Order(StringComparer.Ordinal), rooms.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ping_is_answered_with_pong_and_a_timestamp()
    {
        await using var client = await Server.ConnectAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await client.EmitAsync("ping", null);
        var pong = await client.WaitForEventAsync("pong");

        Assert.InRange(pong.GetProperty("timestamp").GetInt64(), before - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);
    }

    [Fact]
    public async Task Ping_with_a_request_id_gets_a_success_ack_and_a_pong()
    {
        await using var client = await Server.ConnectAsync();

        var ack = await client.RequestAsync("ping", new { anything = true });

        Assert.True(ack.GetProperty("success").GetBoolean());
        await client.WaitForEventAsync("pong");
    }
}
