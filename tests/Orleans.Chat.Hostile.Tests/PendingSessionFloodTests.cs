using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Chat.Hostile.Tests.Infrastructure;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Hostile.Tests;

/// <summary>3,000 Engine.IO handshakes from one address, each with 4 KB of junk header, none ever authenticating.</summary>
public sealed class PendingSessionFloodTests
{
    [Fact]
    public async Task Unauthenticated_engine_io_handshakes_past_the_caps_are_refused_and_the_held_sessions_stay_bounded()
    {
        // A gateway of its own: the flood spends the address's whole connect budget.
        await using var server = await GatewayServer.StartAsync(HostileGatewayFixture.Settings(), environment: "Production");
        await using var probe = await ServiceProbe.StartAsync(server);
        var socketIo = server.Services.GetRequiredService<SocketIoServer>();
        var junk = new string('j', 4096);
        var mostHeld = 0;

        var started = DateTime.UtcNow;
        var statuses = new List<HttpStatusCode>();
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, 3000).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var (status, body, _) = await EngineIoPollingClient.HandshakeAsync(server.Http, request => request.Headers.Add("X-Junk", junk));
                lock (statuses)
                {
                    statuses.Add(status);
                    mostHeld = Math.Max(mostHeld, socketIo.ConnectionCount);
                }

                if (status != HttpStatusCode.OK)
                {
                    Assert.Equal(HttpStatusCode.TooManyRequests, status);
                    Assert.Contains("too_many_connections", body, StringComparison.Ordinal);
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        // Held at most 20 at a time (SocketIo:MaxPendingSessionsPerAddress), each for the 10 s connect
        // timeout: a slow run admits a new 20 every 10 s.
        var accepted = statuses.Count(status => status == HttpStatusCode.OK);
        var connectTimeouts = (int)((DateTime.UtcNow - started) / TimeSpan.FromSeconds(10));
        Assert.InRange(accepted, 1, 20 * (1 + connectTimeouts));
        Assert.Equal(3000 - accepted, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        // The default SocketIo:MaxPendingSessionsPerAddress (20) is what the address can hold at once.
        Assert.InRange(mostHeld, 1, 20);
        await probe.AssertServedAsync();
    }
}
