using System.Diagnostics;
using System.Text.Json;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

[Collection(GatewayCollection.Name)]
public sealed class TypingAndPresenceTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Fact]
    public async Task Typing_and_stop_typing_reach_the_other_members_but_not_the_typist()
    {
        var aliceId = TestIds.User();
        await using var alice = await Server.ConnectAsync(aliceId, "Alice");
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        await LiveInRoomAsync(alice, room, bob);
        await using var alice2 = await Server.ConnectAsync(aliceId, "Alice");

        await alice.EmitAsync("typing", new { roomId = room });

        var typing = await bob.WaitForEventAsync("user-typing");
        Assert.Equal(aliceId, typing.GetProperty("userId").GetString());
        Assert.Equal(room, typing.GetProperty("roomId").GetString());
        Assert.Equal(aliceId, typing.GetProperty("user").GetProperty("id").GetString());
        Assert.Equal("Alice", typing.GetProperty("user").GetProperty("name").GetString());

        await alice.EmitAsync("stop-typing", new { roomId = room });

        var stopped = await bob.WaitForEventAsync("user-stopped-typing");
        Assert.Equal(aliceId, stopped.GetProperty("userId").GetString());
        Assert.Equal(room, stopped.GetProperty("roomId").GetString());

        // Room events reach every subscriber in order: after this message, the typing events would have too.
        await bob.RequestOkAsync("message", new { roomId = room, content = "marker" });
        foreach (var own in new[] { alice, alice2 })
        {
            await own.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "marker");
            Assert.Empty(own.Received("user-typing"));
            Assert.Empty(own.Received("user-stopped-typing"));
        }

        Assert.Single(bob.Received("user-stopped-typing"));
    }

    [Fact]
    public async Task Typing_stops_by_itself_after_the_typing_timeout()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);

        var clock = Stopwatch.StartNew();
        await alice.EmitAsync("typing", new { roomId = room });
        await bob.WaitForEventAsync("user-typing", d => d.GetProperty("userId").GetString() == alice.UserId);
        var stopped = await bob.WaitForEventAsync("user-stopped-typing", d => d.GetProperty("userId").GetString() == alice.UserId);

        Assert.Equal(room, stopped.GetProperty("roomId").GetString());
        // Not at once, and well before the 3 s default: the configured timeout (500 ms) did it.
        Assert.InRange(clock.Elapsed, GatewayFixture.TypingTimeout - TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(2500));
    }

    [Fact]
    public async Task Typing_again_while_typing_announces_once()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);

        await alice.EmitAsync("typing", new { roomId = room });
        await alice.EmitAsync("typing", room);
        await alice.EmitAsync("typing", new { roomId = room });
        await alice.EmitAsync("stop-typing", room);

        await bob.WaitForEventAsync("user-stopped-typing");
        Assert.Single(bob.Received("user-typing"));
    }

    [Fact]
    public async Task Typing_with_a_request_id_is_acknowledged()
    {
        await using var alice = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        Assert.True((await alice.RequestAsync("typing", new { roomId = room })).GetProperty("success").GetBoolean());
        Assert.True((await alice.RequestAsync("stop-typing", new { roomId = room })).GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task Update_status_reaches_the_members_of_every_room_of_the_user()
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        await using var carol = await Server.ConnectAsync();
        await using var outsider = await Server.ConnectAsync();
        var (room1, room2, elsewhere) = (TestIds.Room(), TestIds.Room(), TestIds.Room());
        await alice.RequestOkAsync("join-room", room1);
        await alice.RequestOkAsync("join-room", room2);
        await bob.RequestOkAsync("join-room", room1);
        await carol.RequestOkAsync("join-room", room2);
        await outsider.RequestOkAsync("join-room", elsewhere);
        await LiveInRoomAsync(alice, room1, bob);
        await LiveInRoomAsync(alice, room2, carol);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var ack = await alice.RequestAsync("update-status", "away");

        Assert.True(ack.GetProperty("success").GetBoolean());
        foreach (var member in new[] { bob, carol })
        {
            var update = await member.WaitForEventAsync("presence-update", IsAbout(alice));
            Assert.Equal("away", update.GetProperty("status").GetString());
            Assert.InRange(update.GetProperty("timestamp").GetInt64(), before - 60_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000);
        }

        Assert.True((await alice.RequestAsync("update-status", new { status = "busy" })).GetProperty("success").GetBoolean());
        await bob.WaitForEventAsync("presence-update", d => IsAbout(alice)(d) && d.GetProperty("status").GetString() == "busy");
        await carol.WaitForEventAsync("presence-update", d => IsAbout(alice)(d) && d.GetProperty("status").GetString() == "busy");

        Assert.True((await alice.RequestAsync("update-status", "online")).GetProperty("success").GetBoolean());
        await bob.WaitForEventAsync("presence-update", d => IsAbout(alice)(d) && d.GetProperty("status").GetString() == "online");

        await outsider.AssertNoEventAsync("presence-update", TimeSpan.FromMilliseconds(300), IsAbout(alice));
    }

    [Theory]
    [InlineData("\"offline\"")]
    [InlineData("\"sleeping\"")]
    [InlineData("\"\"")]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("""{"status":"invisible"}""")]
    [InlineData("""{"status":1}""")]
    [InlineData("""{"state":"away"}""")]
    [InlineData("[\"away\"]")]
    public async Task Invalid_status_is_invalid_format_and_changes_nothing(string payload)
    {
        await using var alice = await Server.ConnectAsync();
        await using var bob = await Server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        await LiveInRoomAsync(alice, room, bob);

        await alice.SendRawAsync($$"""{"type":"update-status","id":"s1","data":{{payload}}}""");
        var ack = await alice.WaitForFrameAsync(f => TestChatClient.IsAckFor(f, "s1"));

        AssertError(ack.GetProperty("data"), "invalid_format", "Invalid message format");
        await alice.RequestOkAsync("update-status", "busy");
        await bob.WaitForEventAsync("presence-update", d => IsAbout(alice)(d) && d.GetProperty("status").GetString() == "busy");
        Assert.Equal(["busy"], bob.Received("presence-update").Where(IsAbout(alice)).Select(d => d.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task User_goes_offline_when_the_last_connection_closes_and_online_with_the_first()
    {
        var aliceId = TestIds.User();
        var room = TestIds.Room();
        // Disposed explicitly below; await using only covers a failure on the way (disposing twice is harmless).
        await using var alice1 = await Server.ConnectAsync(aliceId);
        await using var alice2 = await Server.ConnectAsync(aliceId);
        await using var bob = await Server.ConnectAsync();
        await alice1.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);

        // One of two connections closes: still online.
        await alice1.DisposeAsync();
        await alice2.RequestOkAsync("message", new { roomId = room, content = "still here" });
        await bob.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "still here");
        Assert.DoesNotContain(bob.Received("presence-update"), d => IsAbout(aliceId)(d));

        // The last one closes: offline.
        await alice2.DisposeAsync();
        var offline = await bob.WaitForEventAsync("presence-update", IsAbout(aliceId));
        Assert.Equal("offline", offline.GetProperty("status").GetString());

        // Back: online again, and the room shows it.
        await using var alice3 = await Server.ConnectAsync(aliceId);
        var online = await bob.WaitForEventAsync("presence-update", IsAbout(aliceId));
        Assert.Equal("online", online.GetProperty("status").GetString());
        Assert.True(online.GetProperty("timestamp").GetInt64() >= offline.GetProperty("timestamp").GetInt64());
        var join = await bob.RequestAsync("join-room", room);
        var member = join.GetProperty("members").EnumerateArray().Single(m => m.GetProperty("userId").GetString() == aliceId);
        Assert.Equal("online", member.GetProperty("status").GetString());
    }

    /// <summary>
    /// Waits until the members' sessions take the room's live events. A join's ack is queued before the
    /// gateway registers the session for the room (so live events come after the ack); typing and presence
    /// are best effort and not replayed, so one sent in that window is lost. A message is repaired into
    /// the session when it registers: its arrival proves the registration.
    /// </summary>
    private static async Task LiveInRoomAsync(TestChatClient sender, string room, params TestChatClient[] members)
    {
        var marker = $"live-{Guid.NewGuid():N}";
        await sender.RequestOkAsync("message", new { roomId = room, content = marker });
        foreach (var member in members)
        {
            await member.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == marker);
        }
    }

    private static Func<JsonElement, bool> IsAbout(TestChatClient user) => IsAbout(user.UserId);

    private static Func<JsonElement, bool> IsAbout(string userId) => d => d.GetProperty("userId").GetString() == userId;
}
