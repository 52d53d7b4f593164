using System.Net;
using System.Text.Json;
using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>Oversized ids and ids or names full of control and bidi characters.</summary>
[Collection(HostileCollection.Name)]
public sealed class HostileIdentifierTests(HostileGatewayFixture gateway)
{
    [Fact]
    public async Task Oversized_or_control_character_ids_are_refused_and_names_are_cleaned()
    {
        await using var probe = await ServiceProbe.StartAsync(gateway);

        foreach (var sub in new[] { new string('u', 10_000), "admin\u0000", "\u202Enimda" })
        {
            using var request = UpgradeRequest.To("/ws");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HostileGatewayFixture.Token(sub));
            using var refused = await gateway.Server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("invalid sub", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var user = TestIds.User();
        await using var mallory = await gateway.Server.ConnectWithTokenAsync(HostileGatewayFixture.Token(user, "admin\u202E\u0007\n" + new string('x', 5000)), user);
        foreach (var roomId in new[] { new string('r', 129), "room\u0000", "room\u2067", "\u200B" })
        {
            var ack = await mallory.RequestAsync("join-room", new { roomId });
            Assert.Equal("invalid_format", ack.GetProperty("code").GetString());
            var invite = await mallory.RequestAsync("private-message", new { targetUserId = roomId, content = "hi" });
            Assert.Equal("invalid_format", invite.GetProperty("code").GetString());
        }

        var joined = await mallory.RequestAsync("join-room", TestIds.Room());
        var name = Assert.Single(joined.GetProperty("members").EnumerateArray()).GetProperty("name").GetString()!;
        Assert.Equal(64, name.Length);
        Assert.StartsWith("adminxxx", name, StringComparison.Ordinal);
        await probe.AssertServedAsync();
    }
}
