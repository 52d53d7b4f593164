using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>One user floods another with private messages the victim never reads.</summary>
public sealed class UnreadPrivateMessageFloodTests
{
    private const int MaxUnread = 40;

    [Fact]
    public async Task Messages_past_the_unread_cap_are_refused_with_quota_exceeded_and_others_are_served()
    {
        await using var server = await GatewayServer.StartAsync(HostileGatewayFixture.Settings(new Dictionary<string, string?>
        {
            ["Limits:MaxUnreadPrivateMessages"] = MaxUnread.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        await using var probe = await ServiceProbe.StartAsync(server);
        var (attackerId, victimId, friendId) = (TestIds.User(), TestIds.User(), TestIds.User());
        await using var attacker = await server.ConnectWithTokenAsync(HostileGatewayFixture.Token(attackerId), attackerId);

        var codes = new List<string>();
        for (var i = 0; i < MaxUnread + 15; i++)
        {
            var ack = await attacker.RequestAsync("private-message", new { targetUserId = victimId, content = $"spam {i}" });
            codes.Add(ack.TryGetProperty("code", out var code) ? code.GetString()! : "ok");
        }

        Assert.Equal(Enumerable.Repeat("ok", MaxUnread).Concat(Enumerable.Repeat("quota_exceeded", 15)), codes);

        // The cap is per sender: a friend still gets through, and the victim's inbox is intact.
        await using var friend = await server.ConnectWithTokenAsync(HostileGatewayFixture.Token(friendId), friendId);
        Assert.True((await friend.RequestAsync("private-message", new { targetUserId = victimId, content = "hi, it's me" })).GetProperty("success").GetBoolean());
        await using var victim = await server.ConnectWithTokenAsync(HostileGatewayFixture.Token(victimId), victimId);
        var pending = await victim.WaitForEventAsync("pending-messages");
        Assert.Equal(MaxUnread + 1, pending.GetArrayLength());
        Assert.Equal("hi, it's me", pending[MaxUnread].GetProperty("content").GetString());

        await probe.AssertServedAsync();
    }
}
