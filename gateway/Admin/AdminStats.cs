using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;

namespace Orleans.Chat.Gateway.Admin;

/// <summary>
/// The server_stats of this gateway: who it is, its chat sessions per namespace ("/" Socket.IO, "/ws" native) and
/// what happened since the previous report (connections, disconnections, events in, frames and bytes out).
/// Counted only while an admin is connected (see <see cref="AdminHub"/>).
/// </summary>
public sealed class AdminStats(SessionRegistry registry, IOptions<GatewayOptions> gateway, TimeProvider time)
{
    private static readonly string[] Namespaces = ["/", Protocol.Native.NativeWebSocketTransport.NativeNamespace];
    private readonly DateTimeOffset _started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private long _connections;
    private long _disconnections;
    private long _packetsIn;
    private long _packetsOut;
    private long _bytesOut;

    public void Connected() => Interlocked.Increment(ref _connections);

    public void Disconnected() => Interlocked.Increment(ref _disconnections);

    public void PacketIn() => Interlocked.Increment(ref _packetsIn);

    public void PacketOut(int bytes)
    {
        Interlocked.Increment(ref _packetsOut);
        Interlocked.Add(ref _bytesOut, bytes);
    }

    public JsonElement Snapshot()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var polling = 0;
        foreach (var session in registry.Sessions)
        {
            if (session.Origin is not { } origin)
            {
                continue;
            }

            counts[origin.Namespace] = counts.GetValueOrDefault(origin.Namespace) + 1;
            polling += origin.Transport == "polling" ? 1 : 0;
        }

        var now = time.GetUtcNow();
        // The UI rounds timestamps to its own buckets; one entry per kind per report is enough.
        var stamp = now.ToUnixTimeSeconds() * 1000;
        return AdminJson.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("serverId", gateway.Value.Id);
            w.WriteString("hostname", Environment.MachineName);
            w.WriteNumber("pid", Environment.ProcessId);
            w.WriteNumber("uptime", Math.Max(0, (now - _started).TotalSeconds));
            w.WriteNumber("clientsCount", registry.ConnectionCount);
            w.WriteNumber("pollingClientsCount", polling);
            w.WriteStartArray("aggregatedEvents");
            WriteEvent(w, stamp, "rawConnection", ref _connections);
            WriteEvent(w, stamp, "rawDisconnection", ref _disconnections);
            WriteEvent(w, stamp, "packetsIn", ref _packetsIn);
            WriteEvent(w, stamp, "packetsOut", ref _packetsOut);
            WriteEvent(w, stamp, "bytesOut", ref _bytesOut);
            w.WriteEndArray();
            w.WriteStartArray("namespaces");
            foreach (var name in Namespaces)
            {
                w.WriteStartObject();
                w.WriteString("name", name);
                w.WriteNumber("socketsCount", counts.GetValueOrDefault(name));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteEvent(Utf8JsonWriter w, long stamp, string type, ref long counter)
    {
        var count = Interlocked.Exchange(ref counter, 0);
        if (count == 0)
        {
            return;
        }

        w.WriteStartObject();
        w.WriteNumber("timestamp", stamp);
        w.WriteString("type", type);
        w.WriteNumber("count", count);
        w.WriteEndObject();
    }
}
