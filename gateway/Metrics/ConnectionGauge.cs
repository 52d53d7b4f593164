using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Metrics;

/// <summary>
/// orleans.chat.connections, read from the session registries when a scrape asks, so opening and closing
/// a connection costs nothing more and a Socket.IO upgrade moves the connection to its new transport. The
/// registries are held weakly: a process that hosts several gateways (tests) counts the live ones.
/// </summary>
internal static class ConnectionGauge
{
    private static readonly ConditionalWeakTable<SessionRegistry, object?> Registries = new();

    private static readonly KeyValuePair<string, object?> NativeTag = new("protocol", ConnectionTags.Native);
    private static readonly KeyValuePair<string, object?> SocketIoTag = new("protocol", ConnectionTags.SocketIo);
    private static readonly KeyValuePair<string, object?> WebSocketTag = new("transport", ConnectionTags.WebSocket);
    private static readonly KeyValuePair<string, object?> PollingTag = new("transport", ConnectionTags.Polling);

    public static void Watch(SessionRegistry registry) => Registries.AddOrUpdate(registry, null);

    public static IEnumerable<Measurement<long>> Observe()
    {
        long native = 0, socketIoWebSocket = 0, socketIoPolling = 0;
        foreach (var (registry, _) in Registries)
        {
            foreach (var session in registry.Live)
            {
                if (session.Connection is NativeWebSocketConnection)
                {
                    native++;
                }
                else if (ConnectionTags.Transport(session.Connection) == ConnectionTags.Polling)
                {
                    socketIoPolling++;
                }
                else
                {
                    socketIoWebSocket++;
                }
            }
        }

        return
        [
            new(native, NativeTag, WebSocketTag),
            new(socketIoWebSocket, SocketIoTag, WebSocketTag),
            new(socketIoPolling, SocketIoTag, PollingTag),
        ];
    }
}
