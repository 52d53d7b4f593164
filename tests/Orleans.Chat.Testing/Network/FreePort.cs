using System.Net;
using System.Net.Sockets;

namespace Orleans.Chat.Testing.Network;

/// <summary>
/// Loopback TCP ports for the processes and listeners a test starts.
/// </summary>
/// <remarks>
/// A port is picked at random below the kernel's ephemeral range, not by binding port 0: a port
/// from the ephemeral range can be taken by any outgoing connection on the machine (the test
/// assemblies run in parallel, each with Orleans and Redis clients) in the seconds between the
/// pick and the child process binding it. That race failed CI with "address already in use".
/// Within one test process a port is never handed out twice.
/// </remarks>
public static class FreePort
{
    private const int LowestPort = 10_000;
    private static readonly HashSet<int> HandedOut = [];
    private static readonly (int Low, int High) Range = PickRange();

    /// <summary>A loopback TCP port nobody listens on right now and this process has not handed out before.</summary>
    public static int Next()
    {
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(Range.Low, Range.High);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }

            throw new InvalidOperationException($"No free loopback port in {Range.Low}-{Range.High - 1}.");
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The ports from 10000 up to where the ephemeral range starts (Linux: 32768), else 10000-32767.</summary>
    private static (int Low, int High) PickRange()
    {
        const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";
        var ephemeralStart = 32_768;
        if (File.Exists(EphemeralRange))
        {
            var parts = File.ReadAllText(EphemeralRange).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > 0 && int.TryParse(parts[0], out var start) && start > LowestPort + 1_000)
            {
                ephemeralStart = start;
            }
        }

        return (LowestPort, ephemeralStart);
    }
}
