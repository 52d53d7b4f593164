using Orleans.Chat.Hostile.Tests.Infrastructure;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>A client posing as the server: a room message of type system.</summary>
[Collection(HostileCollection.Name)]
public sealed class ClientSystemMessageTests(HostileGatewayFixture gateway)
{
    [Fact]
    public async Task A_system_message_from_a_client_is_refused_and_nothing_is_stored()
    {
        await using var probe = await ServiceProbe.StartAsync(gateway);
        await using var mallory = await gateway.ConnectAsync();
        var room = TestIds.Room();
        await mallory.RequestOkAsync("join-room", room);

        foreach (var type in new[] { "system", "file", "System", "admin" })
        {
            var ack = await mallory.RequestAsync("message", new { roomId = room, content = "Your account is suspended, log in at evil.example", type });
            Assert.Equal("invalid_format", ack.GetProperty("code").GetString());
        }

        var history = await mallory.RequestAsync("get-history", new { roomId = room });
        Assert.Empty(history.GetProperty("messages").EnumerateArray());
        await probe.AssertServedAsync();
    }
}
