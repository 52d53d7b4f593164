using Orleans.Chat.Gateway.Tests.Infrastructure;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>room-event on both protocols: members only, any JSON data up to the limit.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RoomEventRelayTests(GatewayFixture fixture)
{
    private GatewayServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(ProtocolClient.Both), MemberType = typeof(ProtocolClient))]
    public async Task Members_relay_app_events_with_data_up_to_the_limit(WireProtocol protocol)
    {
        await using var alice = await ProtocolClient.ConnectAsync(Server, protocol);
        await using var carol = await ProtocolClient.ConnectAsync(Server, protocol);
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);

        Assert.Equal(["success"], (await alice.RequestAsync("room-event", new { roomId = room, @event = "cursor", data = new { x = 1, y = new[] { 2, 3 } } }))
            .EnumerateObject().Select(p => p.Name));
        await alice.RequestOkAsync("room-event", new { roomId = room, @event = "ping-2" });
        // 4096 bytes of JSON exactly: a string of 4094 characters and its quotes.
        await alice.RequestOkAsync("room-event", new { roomId = room, @event = "blob", data = new string('d', 4094) });

        AssertError(await carol.RequestAsync("room-event", new { roomId = room, @event = "cursor", data = 1 }), "not_in_room", "Not in room");
    }
}
