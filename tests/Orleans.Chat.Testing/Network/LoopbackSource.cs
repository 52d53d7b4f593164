using System.Net;
using System.Net.Sockets;

namespace Orleans.Chat.Testing.Network;

/// <summary>
/// An HttpClient whose connections come from another loopback address (127.0.0.2, ...), so a test
/// can play a second client address against a gateway listening on 127.0.0.1.
/// </summary>
public static class LoopbackSource
{
    public static HttpClient Client(Uri baseUri, IPAddress source) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = baseUri };
}
