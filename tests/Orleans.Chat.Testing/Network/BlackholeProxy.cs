using System.Net;
using System.Net.Sockets;

namespace Orleans.Chat.Testing.Network;

/// <summary>
/// A loopback TCP relay in front of the gateway that can make its connections die the way a phone
/// that lost its network does: <see cref="Blackhole"/> resets the client's side, while the
/// gateway's side stays open and silent, so the gateway learns nothing until its heartbeat gives up.
/// </summary>
public sealed class BlackholeProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly List<Relay> _relays = [];
    private readonly Task _acceptLoop;

    private BlackholeProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static BlackholeProxy Start(Uri target) => new(new IPEndPoint(IPAddress.Loopback, target.Port));

    /// <summary>The same URI, through this relay.</summary>
    public Uri Through(Uri uri) => new UriBuilder(uri) { Host = "127.0.0.1", Port = Port }.Uri;

    /// <summary>Resets every client connection; the gateway's sides stay open and are never read or written again.</summary>
    public void Blackhole()
    {
        lock (_relays)
        {
            foreach (var relay in _relays)
            {
                relay.Pumps.Cancel();
                relay.Client.LingerState = new LingerOption(true, 0);
                relay.Client.Close();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        await _acceptLoop;
        lock (_relays)
        {
            foreach (var relay in _relays)
            {
                relay.Pumps.Cancel();
                relay.Client.Dispose();
                relay.Server.Dispose();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await server.ConnectAsync(_target);
            var relay = new Relay(client, server, new CancellationTokenSource());
            lock (_relays)
            {
                _relays.Add(relay);
            }

            _ = PumpAsync(client, server, relay.Pumps.Token);
            _ = PumpAsync(server, client, relay.Pumps.Token);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, cancellationToken);
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                to.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Blackholed or disposed.
        }
    }

    private sealed record Relay(Socket Client, Socket Server, CancellationTokenSource Pumps);
}
