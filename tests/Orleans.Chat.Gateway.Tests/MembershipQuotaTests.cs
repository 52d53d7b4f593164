using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>Rooms per user and members per room, as a client sees them: quota_exceeded acks.</summary>
public sealed class MembershipQuotaTests
{
    [Fact]
    public async Task Joining_or_creating_past_the_caps_is_answered_quota_exceeded()
    {
        await using var server = await GatewayServer.StartAsync(new Dictionary<string, string?>
        {
            ["Limits:RoomsPerUser"] = "2",
            ["Limits:MembersPerRoom"] = "2",
        });
        await using var alice = await server.ConnectAsync(TestIds.User());
        Assert.True((await alice.RequestAsync("join-room", TestIds.Room())).GetProperty("success").GetBoolean());
        var shared = TestIds.Room();
        Assert.True((await alice.RequestAsync("join-room", shared)).GetProperty("success").GetBoolean());

        var join = await alice.RequestAsync("join-room", TestIds.Room());
        Assert.Equal("quota_exceeded", join.GetProperty("code").GetString());
        Assert.Equal("Quota exceeded", join.GetProperty("error").GetString());
        var create = await alice.RequestAsync("create-room", new { roomId = TestIds.Room() });
        Assert.Equal("quota_exceeded", create.GetProperty("code").GetString());

        await using var bob = await server.ConnectAsync(TestIds.User());
        Assert.True((await bob.RequestAsync("join-room", shared)).GetProperty("success").GetBoolean());
        await using var carol = await server.ConnectAsync(TestIds.User());
        Assert.Equal("quota_exceeded", (await carol.RequestAsync("join-room", shared)).GetProperty("code").GetString());
    }
}
