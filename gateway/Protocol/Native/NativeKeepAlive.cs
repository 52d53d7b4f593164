using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.SocketIo.WebSockets;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// The WebSocket pings of every native connection (Connection:KeepAliveInterval, KeepAliveTimeout) from one
/// timer: a sweep pings the connections silent for the interval and aborts those that left a ping unanswered
/// for the timeout. The runtime's keep-alive with a timeout runs a timer per socket that fires every quarter of
/// the shorter setting (every 5 s by default): at 10,000 idle connections, 2,000 timer callbacks a second and
/// the largest share of an idle gateway's CPU.
/// </summary>
/// <remarks>
/// Connections are dealt into <see cref="Slices"/> slices and each tick sweeps one, so every connection is
/// looked at once per sweep interval. Connections that went idle together are pinged an eighth at a time:
/// each ping holds a pooled write buffer until Kestrel has sent it, and a whole sweep's worth at once grew
/// the pool by 0.6 kB per connection in the idle bench.
/// </remarks>
public sealed partial class NativeKeepAlive(IOptions<ConnectionOptions> options, ILogger<NativeKeepAlive> logger) : BackgroundService
{
    private const int Slices = 8;

    private readonly ConcurrentDictionary<Watched, byte>[] _slices = [.. Enumerable.Range(0, Slices).Select(_ => new ConcurrentDictionary<Watched, byte>())];
    private int _nextSlice;

    public int Count => _slices.Sum(slice => slice.Count);

    /// <summary>Keeps <paramref name="socket"/> alive until the returned handle is disposed.</summary>
    public IDisposable Watch(WebSocketLiveness liveness, WebSocket socket)
    {
        var slice = _slices[(int)((uint)Interlocked.Increment(ref _nextSlice) % Slices)];
        var watched = new Watched(slice, liveness, socket, Environment.TickCount64);
        slice.TryAdd(watched, 0);
        return watched;
    }

    /// <summary>
    /// A quarter of the shorter setting (5 s by default), as the runtime's keep-alive checks: a ping or an abort
    /// comes at most that late, and each connection is looked at that often, not every second.
    /// </summary>
    public static TimeSpan SweepInterval(ConnectionOptions connection) =>
        TimeSpan.FromTicks(Math.Max(Math.Min(connection.KeepAliveInterval.Ticks, connection.KeepAliveTimeout.Ticks) / 4, TimeSpan.TicksPerMillisecond * 50));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = options.Value;
        var (intervalMs, timeoutMs) = ((long)connection.KeepAliveInterval.TotalMilliseconds, (long)connection.KeepAliveTimeout.TotalMilliseconds);
        using var timer = new PeriodicTimer(SweepInterval(connection) / Slices);
        try
        {
            for (var tick = 0L; await timer.WaitForNextTickAsync(stoppingToken); tick++)
            {
                Sweep(_slices[tick % Slices], Environment.TickCount64, intervalMs, timeoutMs, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Sweep(ConcurrentDictionary<Watched, byte> slice, long now, long intervalMs, long timeoutMs, CancellationToken stoppingToken)
    {
        foreach (var (watched, _) in slice)
        {
            switch (watched.Check(watched.Liveness.ReceiveCount, now, intervalMs, timeoutMs))
            {
                case KeepAliveStep.Ping:
                    _ = PingAsync(watched, stoppingToken);
                    break;
                case KeepAliveStep.Abort:
                    LogUnanswered(logger, timeoutMs);
                    slice.TryRemove(watched, out _);
                    watched.Socket.Abort();
                    break;
            }
        }
    }

    private static async Task PingAsync(Watched watched, CancellationToken cancellationToken)
    {
        try
        {
            await watched.Liveness.SendPingAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // The connection is closing or gone; its receive loop ends the session.
        }
    }

    [LoggerMessage(EventId = 5900, Level = LogLevel.Debug, Message = "A native connection left a ping unanswered for {TimeoutMs} ms: aborted")]
    private static partial void LogUnanswered(ILogger logger, long timeoutMs);

    // The state and the handle in one object: one allocation per connection.
    private sealed class Watched(ConcurrentDictionary<Watched, byte> slice, WebSocketLiveness liveness, WebSocket socket, long now) : KeepAliveState(now), IDisposable
    {
        public WebSocketLiveness Liveness => liveness;
        public WebSocket Socket => socket;

        public void Dispose() => slice.TryRemove(this, out _);
    }
}
