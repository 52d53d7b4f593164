using System.Diagnostics.Metrics;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Grains.Metrics;

namespace Orleans.Chat.Gateway.Metrics;

/// <summary>
/// The gateway's instruments on the "Orleans.Chat" meter (Prometheus: orleans_chat_*). Every tag value is
/// one of a fixed set of constants, whatever a client sends, so no client can grow the label cardinality;
/// tags are passed as single KeyValuePair arguments, which allocate nothing.
/// </summary>
internal static class GatewayMetrics
{
    public const string Unknown = "unknown";

    private static readonly Meter Meter = new(ChatMeter.Name);

    private static readonly Counter<long> Connects = Meter.CreateCounter<long>(
        "orleans.chat.connects", "{connection}", "Sessions opened, by protocol.");

    private static readonly Counter<long> Disconnects = Meter.CreateCounter<long>(
        "orleans.chat.disconnects", "{connection}", "Sessions closed, by protocol and reason.");

    private static readonly Counter<long> EventsIn = Meter.CreateCounter<long>(
        "orleans.chat.events.in", "{event}", "Client events received, by event name (unknown for any name outside the protocol).");

    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>(
        "orleans.chat.refusals", "{event}", "Client events answered with an error, by error code.");

    private static readonly Counter<long> Deliveries = Meter.CreateCounter<long>(
        "orleans.chat.deliveries", "{event}", "Events queued to client connections, by kind (message, room, user).");

    private static readonly Histogram<double> FanoutDelay = Meter.CreateHistogram(
        "orleans.chat.fanout.delay", "s", "From a room message's store to its queueing for this gateway's sessions.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });

    private static readonly Counter<long> SlowClients = Meter.CreateCounter<long>(
        "orleans.chat.slow_clients.dropped", "{connection}", "Sessions closed because their outbound queue was full, by protocol.");

    private static readonly Counter<long> RecoveredSessions = Meter.CreateCounter<long>(
        "orleans.chat.recovery.sessions", "{connection}", "Socket.IO connections that resumed a previous session (connection state recovery).");

    private static readonly Counter<long> Replayed = Meter.CreateCounter<long>(
        "orleans.chat.recovery.replayed_messages", "{message}", "Messages delivered from history: recovery and gap repair.");

    private static int _clusterConnected = 1;

    static GatewayMetrics()
    {
        Meter.CreateObservableUpDownCounter("orleans.chat.connections", ConnectionGauge.Observe, "{connection}", "Open sessions, by protocol and transport.");
        Meter.CreateObservableGauge("orleans.chat.cluster.connected", () => Volatile.Read(ref _clusterConnected), description: "1 while the gateway's cluster client is connected to a silo, else 0.");
    }

    /// <summary>The connections gauge reads <paramref name="registry"/>; called at the gateway's start, which also publishes every series.</summary>
    public static void Watch(SessionRegistry registry) => ConnectionGauge.Watch(registry);

    public static void Connected(ChatSession session) => Connects.Add(1, ConnectionTags.Protocol(session.Connection));

    public static void Disconnected(string protocol, string reason) =>
        Disconnects.Add(1, new KeyValuePair<string, object?>("protocol", protocol), new KeyValuePair<string, object?>("reason", reason));

    /// <summary>One client event; a name outside the protocol counts as "unknown".</summary>
    public static void EventIn(string name) =>
        EventsIn.Add(1, new KeyValuePair<string, object?>("event", ClientEventNames.All.TryGetValue(name, out var known) ? known : Unknown));

    public static void Refused(string code) =>
        Refusals.Add(1, new KeyValuePair<string, object?>("code", ErrorCodes.Known(code)));

    /// <summary>One room message queued for <paramref name="sessions"/> sessions of this gateway: once per message, not per receiver.</summary>
    public static void RoomMessageDelivered(int sessions, long storedAtUnixMs)
    {
        Deliveries.Add(sessions, new KeyValuePair<string, object?>("kind", "message"));
        var delay = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - storedAtUnixMs;
        FanoutDelay.Record(Math.Max(0, delay) / 1000.0);
    }

    /// <summary>Another event queued for <paramref name="sessions"/> sessions: "room" (typing, membership, changes) or "user" (private messages, receipts).</summary>
    public static void Delivered(int sessions, string kind)
    {
        if (sessions > 0)
        {
            Deliveries.Add(sessions, new KeyValuePair<string, object?>("kind", kind));
        }
    }

    /// <summary>A Socket.IO session ended; Engine.IO closes a client whose queue is full itself, so that is a slow client too.</summary>
    public static void SocketIoDisconnected(string reason)
    {
        var label = DisconnectReasons.SocketIo(reason);
        Disconnected(ConnectionTags.SocketIo, label);
        if (ReferenceEquals(label, DisconnectReasons.SlowClient))
        {
            SlowClientDropped(ConnectionTags.SocketIo);
        }
    }

    public static void SlowClientDropped(string protocol) => SlowClients.Add(1, new KeyValuePair<string, object?>("protocol", protocol));

    public static void SessionRecovered() => RecoveredSessions.Add(1);

    public static void MessagesReplayed(int count)
    {
        if (count > 0)
        {
            Replayed.Add(count);
        }
    }

    /// <summary>From the cluster client's connection notices (<see cref="Fanout.ClusterConnectionWatcher"/>).</summary>
    public static void ClusterConnected(bool connected) => Volatile.Write(ref _clusterConnected, connected ? 1 : 0);
}
