namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>
/// Free loopback ports for the nodes, never the same one twice in this test run: the operating
/// system can hand out a port it just released again, and two nodes (or a silo's HTTP and silo
/// ports) must not get the same one.
/// </summary>
public static class LoopbackPorts
{
    private static readonly HashSet<int> HandedOut = [];

    public static int Next()
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = FreePort.Next();
                if (HandedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
