using System.Net;
using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests.Api;

/// <summary>DELETE of a member (kick) and of a message by a backend service, as the room's clients see them.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RoomModerationApiTests(GatewayFixture fixture)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private GatewayServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_service_kick_removes_the_member_like_a_moderator_kick(WireProtocol protocol)
    {
        var room = TestIds.Room();
        await using var owner = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var victim = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var admin = await Server.ConnectAsync();
        await owner.RequestOkAsync("create-room", new { roomId = room });
        await victim.RequestOkAsync("join-room", room);
        await admin.RequestOkAsync("join-room", room);
        await owner.RequestOkAsync("set-role", new { roomId = room, userId = admin.UserId, role = "admin" });

        var response = await Server.ApiDeleteAsync($"/api/rooms/{room}/members/{victim.UserId}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Body.GetProperty("success").GetBoolean());
        foreach (var removed in new[]
        {
            await owner.WaitForEventAsync("member-removed", d => d.GetProperty("roomId").GetString() == room),
            await victim.WaitForEventAsync("member-removed", d => d.GetProperty("roomId").GetString() == room),
            await admin.WaitForEventAsync("member-removed", d => d.GetProperty("roomId").GetString() == room),
        })
        {
            Assert.Equal(victim.UserId, removed.GetProperty("userId").GetString());
            Assert.Equal("system", removed.GetProperty("by").GetString());
        }

        // The victim is out: nothing of the room reaches them any more.
        await owner.RequestOkAsync("message", new { roomId = room, content = "after the kick" });
        await admin.WaitForEventAsync("new-message", d => d.GetProperty("content").GetString() == "after the kick");
        await Task.Delay(Quiet);
        Assert.DoesNotContain(victim.Received("new-message"), d => d.GetProperty("content").GetString() == "after the kick");
        Assert.Equal(2, (await Server.ApiGetAsync($"/api/rooms/{room}")).Body.GetProperty("memberCount").GetInt32());

        // A kick bypasses roles but never removes the owner; unknown members and rooms are 404.
        Assert.Equal(HttpStatusCode.OK, (await Server.ApiDeleteAsync($"/api/rooms/{room}/members/{admin.UserId}")).Status);
        (await Server.ApiDeleteAsync($"/api/rooms/{room}/members/{owner.UserId}")).AssertError(HttpStatusCode.Forbidden, "not_allowed");
        (await Server.ApiDeleteAsync($"/api/rooms/{room}/members/{victim.UserId}")).AssertError(HttpStatusCode.NotFound, "not_found");
        (await Server.ApiDeleteAsync($"/api/rooms/{TestIds.Room()}/members/{owner.UserId}")).AssertError(HttpStatusCode.NotFound, "not_found");
        (await Server.ApiDeleteAsync($"/api/rooms/{room}/members/{new string('u', 700)}")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        Assert.Equal(1, (await Server.ApiGetAsync($"/api/rooms/{room}")).Body.GetProperty("memberCount").GetInt32());
    }

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task A_service_delete_tombstones_the_message_for_every_member(WireProtocol protocol)
    {
        var room = TestIds.Room();
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var bob = await ProtocolClient.ConnectAsync(Server, protocol);
        await alice.RequestOkAsync("create-room", new { roomId = room });
        await bob.RequestOkAsync("join-room", room);
        var seq = (await alice.RequestOkAsync("message", new { roomId = room, content = "spam" })).GetProperty("seq").GetInt64();

        var response = await Server.ApiDeleteAsync($"/api/rooms/{room}/messages/{seq}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.Body.GetProperty("changeSeq").GetInt64() > 0);
        foreach (var member in new[] { alice, bob })
        {
            var deleted = await member.WaitForEventAsync("message-deleted", d => d.GetProperty("roomId").GetString() == room);
            Assert.Equal(seq, deleted.GetProperty("seq").GetInt64());
            Assert.Equal("system", deleted.GetProperty("deletedBy").GetString());
        }

        var history = await bob.RequestOkAsync("get-history", new { roomId = room });
        var tombstone = history.GetProperty("messages").EnumerateArray().Single(m => m.GetProperty("seq").GetInt64() == seq);
        Assert.Equal("", tombstone.GetProperty("content").GetString());

        // A repeat is a success with no second event; unknown seqs and rooms are 404, bad seqs 400.
        Assert.Equal(HttpStatusCode.OK, (await Server.ApiDeleteAsync($"/api/rooms/{room}/messages/{seq}")).Status);
        (await Server.ApiDeleteAsync($"/api/rooms/{room}/messages/{seq + 100}")).AssertError(HttpStatusCode.NotFound, "not_found");
        (await Server.ApiDeleteAsync($"/api/rooms/{TestIds.Room()}/messages/1")).AssertError(HttpStatusCode.NotFound, "not_found");
        foreach (var bad in new[] { "0", "-1", "abc", "1.5", "99999999999999999999" })
        {
            (await Server.ApiDeleteAsync($"/api/rooms/{room}/messages/{bad}")).AssertError(HttpStatusCode.BadRequest, "invalid_format");
        }

        await Task.Delay(Quiet);
        Assert.Single(bob.Received("message-deleted"));
    }
}
