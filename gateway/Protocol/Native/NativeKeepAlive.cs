using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.SocketIo.WebSockets;

namespace Orleans.Chat.Gateway.Protocol.Native;

/// <summary>
/// The WebSocket pings of every native connection (Connection:KeepAliveInterval, KeepAliveTimeout) from one
/// timer: each sweep pings the connections silent for the interval and aborts those that left a ping
/// unanswered for the timeout. The runtime's keep-alive with a timeout runs a timer per socket that fires
/// every quarter of the shorter setting (every 5 s by default): at 10,000 idle connections, 2,000 timer
/// callbacks a second and the largest share of an idle gateway's CPU.
/// </summary>
public sealed partial class NativeKeepAlive(IOptions<ConnectionOptions> options, ILogger<NativeKeepAlive> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Watched, byte> _watched = new();

    public int Count => _watched.Count;

    /// <summary>Keeps <paramref name="socket"/> alive until the returned handle is disposed.</summary>
    public IDisposable Watch(WebSocketLiveness liveness, WebSocket socket)
    {
        var watched = new Watched(this, liveness, socket, new KeepAliveState(Environment.TickCount64));
        _watched.TryAdd(watched, 0);
        return watched;
    }

    /// <summary>A quarter of the shorter setting, at most a second: a ping goes out at most that late.</summary>
    public static TimeSpan SweepInterval(ConnectionOptions connection) =>
        TimeSpan.FromTicks(Math.Clamp(Math.Min(connection.KeepAliveInterval.Ticks, connection.KeepAliveTimeout.Ticks) / 4, TimeSpan.TicksPerMillisecond * 50, TimeSpan.TicksPerSecond));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = options.Value;
        using var timer = new PeriodicTimer(SweepInterval(connection));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sweep(Environment.TickCount64, (long)connection.KeepAliveInterval.TotalMilliseconds, (long)connection.KeepAliveTimeout.TotalMilliseconds, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Sweep(long now, long intervalMs, long timeoutMs, CancellationToken stoppingToken)
    {
        foreach (var (watched, _) in _watched)
        {
            switch (watched.State.Check(watched.Liveness.ReceiveCount, now, intervalMs, timeoutMs))
            {
                case KeepAliveStep.Ping:
                    _ = PingAsync(watched, stoppingToken);
                    break;
                case KeepAliveStep.Abort:
                    LogUnanswered(logger, timeoutMs);
                    _watched.TryRemove(watched, out _);
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

    private sealed class Watched(NativeKeepAlive owner, WebSocketLiveness liveness, WebSocket socket, KeepAliveState state) : IDisposable
    {
        public WebSocketLiveness Liveness => liveness;
        public WebSocket Socket => socket;
        public KeepAliveState State => state;

        public void Dispose() => owner._watched.TryRemove(this, out _);
    }
}
