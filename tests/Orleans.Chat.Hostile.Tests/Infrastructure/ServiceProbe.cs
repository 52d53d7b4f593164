using System.Diagnostics;

namespace Orleans.Chat.Hostile.Tests.Infrastructure;

/// <summary>
/// A well-behaved user in a room of its own who keeps sending messages while an attack runs,
/// and records how long each ack took. Attack tests assert that it was served throughout.
/// </summary>
public sealed class ServiceProbe : IAsyncDisposable
{
    /// <summary>
    /// The longest ack a well-behaved client may wait while an attack runs. Generous on purpose (a
    /// loaded 2-core CI machine), yet far below what a starved gateway shows: a stalled probe
    /// waits for the client's 10 s response timeout.
    /// </summary>
    public static readonly TimeSpan ServedWithin = TimeSpan.FromSeconds(2);

    private readonly TestChatClient _client;
    private readonly string _roomId;
    private readonly List<TimeSpan> _latencies = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    private ServiceProbe(TestChatClient client, string roomId)
    {
        _client = client;
        _roomId = roomId;
    }

    public static Task<ServiceProbe> StartAsync(HostileGatewayFixture gateway) => StartAsync(gateway.Server);

    /// <summary>A probe on a gateway started with <see cref="HostileGatewayFixture.Settings"/> (an attack's own gateway).</summary>
    public static async Task<ServiceProbe> StartAsync(GatewayServer server)
    {
        var userId = TestIds.User();
        var client = await server.ConnectWithTokenAsync(HostileGatewayFixture.Token(userId), userId);
        var roomId = TestIds.Room();
        await client.RequestOkAsync("join-room", roomId);
        var probe = new ServiceProbe(client, roomId);
        probe._loop = Task.Run(probe.RunAsync);
        return probe;
    }

    /// <summary>Stops sending and asserts that every ack came, each within <see cref="ServedWithin"/>.</summary>
    public async Task AssertServedAsync()
    {
        await _stop.CancelAsync();
        await _loop!;
        Assert.NotEmpty(_latencies);
        var slowest = _latencies.Max();
        Assert.True(slowest <= ServedWithin, $"a well-behaved client waited {slowest.TotalMilliseconds:F0} ms for an ack during the attack ({_latencies.Count} acks)");
    }

    private async Task RunAsync()
    {
        // One message every 600 ms: under the default rate limit of 100 events a minute.
        var sent = 0;
        while (!_stop.IsCancellationRequested && sent < 90)
        {
            var started = Stopwatch.GetTimestamp();
            var ack = await _client.RequestAsync("message", new { roomId = _roomId, content = "still here " + sent });
            Assert.True(ack.TryGetProperty("seq", out _), $"probe message refused: {ack}");
            _latencies.Add(Stopwatch.GetElapsedTime(started));
            sent++;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(600), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _client.DisposeAsync();
        _stop.Dispose();
    }
}
