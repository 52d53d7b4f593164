using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Grains;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Orleans.Chat.Gateway.Tests;

/// <summary>The gateway's one lease: idle users cost no call of their own, and a lapse is re-asserted.</summary>
public sealed class GatewayLeaseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RenewInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan SlowRenewInterval = TimeSpan.FromSeconds(3);

    /// <summary>Shorter than the renew interval: a quiet renew interval has seen every pending count sent.</summary>
    private static readonly TimeSpan StatsFlushInterval = TimeSpan.FromMilliseconds(250);

    private const string StatsCount = "IChatStatsGrain.AddOnlineUsers";

    private static bool IsPerUserOrRoomCall(string call) =>
        call.StartsWith("IPresencePartitionGrain.", StringComparison.Ordinal)
        || call.StartsWith("IUserGrain.", StringComparison.Ordinal)
        || call.StartsWith("IRoomGrain.", StringComparison.Ordinal);

    private static Dictionary<string, string?> Settings => new()
    {
        ["Gateway:LeaseRenewInterval"] = RenewInterval.ToString(),
        ["Presence:LeaseTtl"] = TimeSpan.FromSeconds(30).ToString(),
        ["Presence:GatewayCheckInterval"] = TimeSpan.FromMilliseconds(100).ToString(),
        ["Presence:StatsFlushInterval"] = StatsFlushInterval.ToString(),

        // Every client connects from loopback.
        ["Limits:ConnectionsPerAddress"] = "1000",
        ["Limits:ConnectsPerAddressPerMinute"] = "10000",
        ["Limits:ConnectBurstPerAddress"] = "1000",
    };

    [Fact]
    public async Task Idle_users_cost_no_grain_call_of_their_own_only_the_gateways_lease()
    {
        const int Users = 200;
        var tally = new GrainCallTally();
        await using var server = await GatewayServer.StartAsync(Settings, configure: tally.Register);
        var room = TestIds.Room();
        var clients = new List<TestChatClient>();
        try
        {
            foreach (var batch in Enumerable.Range(0, Users).Chunk(20))
            {
                clients.AddRange(await Task.WhenAll(batch.Select(_ => server.ConnectAsync())));
            }

            // Rooms of ten, as in many-rooms: every user holds a presence entry and a room subscription.
            await Task.WhenAll(clients.Select((client, index) => client.RequestOkAsync("join-room", $"{room}-{index / 10}")));

            // The users came online in the silo's batches, not one stats call each.
            var busy = tally.TakeCounts();
            Assert.True(busy.GetValueOrDefault(StatsCount) < Users / 2, $"{busy.GetValueOrDefault(StatsCount)} stats calls for {Users} users");

            // A connect finishes its presence call and fan-out after `connected` reached the client: wait for one
            // interval with no call on a chat grain and no count sent (never reached if idle users cost calls of their own).
            await Eventually.TrueAsync(
                async () =>
                {
                    tally.TakeCounts();
                    await Task.Delay(RenewInterval);
                    var calls = tally.TakeCounts().Keys;
                    return !calls.Any(IsPerUserOrRoomCall) && !calls.Contains(StatsCount);
                },
                TimeSpan.FromSeconds(30),
                "the connects and joins to finish their grain calls");

            // Idle for several renew and check intervals.
            tally.TakeCounts();
            await Task.Delay(RenewInterval * 6);
            var idle = tally.TakeCounts();

            output.WriteLine($"{Users} idle users over {(RenewInterval * 6).TotalSeconds:0.0} s: " + string.Join(", ", idle.OrderBy(entry => entry.Key).Select(entry => $"{entry.Key} {entry.Value}")));
            Assert.Contains(idle, entry => entry.Key == "IGatewayRegistryGrain.Renew");
            Assert.DoesNotContain(idle.Keys, IsPerUserOrRoomCall);

            // Nothing changed: the silo's online counter sends nothing.
            Assert.DoesNotContain(StatsCount, idle.Keys);
        }
        finally
        {
            await Task.WhenAll(clients.Select(client => client.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task A_gateway_whose_lease_lapsed_reasserts_presence_and_subscriptions_at_its_next_renewal()
    {
        var tally = new GrainCallTally();
        // A renewal that reaches the registry before the silo's next check revives the gateway before any
        // grain hears of the lapse (correct, and nothing to re-assert): renewals far apart, and the lapse
        // declared right after one, so the check (every 100 ms) comes first.
        var settings = Settings;
        settings["Gateway:LeaseRenewInterval"] = SlowRenewInterval.ToString();
        await using var server = await GatewayServer.StartAsync(settings, configure: tally.Register);
        var grains = server.Services.GetRequiredService<IGrainFactory>();
        var gatewayId = server.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.Id;
        await using var alice = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        var room = TestIds.Room();
        await alice.RequestOkAsync("join-room", room);
        await bob.RequestOkAsync("join-room", room);
        tally.TakeCounts();
        await Eventually.TrueAsync(
            async () => tally.TakeCounts().ContainsKey("IGatewayRegistryGrain.Renew"),
            what: "a renewal of the gateway's lease");

        // The registry declares the gateway lapsed (as after a pause longer than the TTL): the silo drops its users.
        await grains.GetGrain<IGatewayRegistryGrain>(0).Leave(gatewayId);
        await Eventually.TrueAsync(
            async () => tally.TakeCounts().TryGetValue("IGatewayDependentGrain.GatewayLapsed", out var told) && told > 0,
            what: "the silo to tell the grains that held something for it");

        // Sent while the room may have dropped the gateway's subscription: the re-assert repairs it from history.
        await alice.RequestOkAsync("message", new { roomId = room, content = "during the lapse" });

        // The next renewal hears it had lapsed and re-asserts: both users online, the room's pushes back.
        await Eventually.TrueAsync(
            async () => (await grains.PresenceOf(alice.UserId).HoldsLease(alice.UserId, gatewayId)) && (await grains.PresenceOf(bob.UserId).HoldsLease(bob.UserId, gatewayId)),
            what: "the gateway to re-assert its users");
        await bob.WaitForEventAsync("new-message", data => data.GetProperty("content").GetString() == "during the lapse");
        await alice.RequestOkAsync("message", new { roomId = room, content = "after the lapse" });
        await bob.WaitForEventAsync("new-message", data => data.GetProperty("content").GetString() == "after the lapse");
        Assert.Equal(Orleans.Chat.Model.PresenceStatus.Online, (await grains.PresenceOf(bob.UserId).GetPresence(bob.UserId)).Status);
    }
}
