using System.Net;
using System.Net.Sockets;

namespace Orleans.Chat.Bench.Net;

/// <summary>
/// Source addresses for client sockets: 127.0.0.2 .. 127.0.0.(1+Count), round robin, so that
/// tens of thousands of connections to one server port do not run out of ephemeral ports
/// (about 28 000 per source address with the default range).
/// </summary>
public static class LoopbackSources
{
    public const int Count = 32;

    private static readonly IPAddress[] Addresses = [.. Enumerable.Range(2, Count).Select(i => new IPAddress([127, 0, 0, (byte)i]))];

    public static IPAddress For(int clientIndex) => Addresses[clientIndex % Count];

    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
