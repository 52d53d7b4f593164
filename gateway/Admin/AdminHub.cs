using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.Gateway.Admin;

/// <summary>
/// The admin sockets of this gateway and what they hear. It watches the sessions (as the registry's
/// <see cref="ISessionObserver"/>) only while at least one admin socket is connected, so with nobody watching the
/// chat pays a null check. In production mode it only counts; in development mode it also reports each socket
/// change and, up to Admin:MaxEventsPerSecond, the events.
/// </summary>
public sealed class AdminHub(SessionRegistry registry, AdminStats stats, IOptions<AdminOptions> options, TimeProvider time) : ISessionObserver, IDisposable
{
    private readonly ConcurrentDictionary<string, SocketIoSocket> _admins = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private ITimer? _statsTimer;
    private long _eventSecond;
    private int _eventsThisSecond;

    public int Count => _admins.Count;

    /// <summary>Takes a slot for <paramref name="socket"/>; false when Admin:MaxConnections are connected.</summary>
    public bool TryAdd(SocketIoSocket socket)
    {
        lock (_gate)
        {
            if (_admins.Count >= options.Value.MaxConnections)
            {
                return false;
            }

            _admins[socket.Id] = socket;
            if (_admins.Count == 1)
            {
                registry.Observer = this;
                _statsTimer = time.CreateTimer(_ => EmitStats(), null, options.Value.StatsInterval, options.Value.StatsInterval);
            }

            return true;
        }
    }

    public void Remove(SocketIoSocket socket)
    {
        lock (_gate)
        {
            if (!_admins.TryRemove(new KeyValuePair<string, SocketIoSocket>(socket.Id, socket)) || !_admins.IsEmpty)
            {
                return;
            }

            registry.Observer = null;
            _statsTimer?.Dispose();
            _statsTimer = null;
        }
    }

    public void EmitStats()
    {
        if (_admins.IsEmpty)
        {
            return;
        }

        Broadcast("server_stats", [stats.Snapshot()]);
    }

    public void SessionOpened(ChatSession session)
    {
        stats.Connected();
        if (Detailed && session.Origin is { } origin)
        {
            Broadcast("socket_connected", [AdminJson.Build(w => AdminJson.WriteSocket(w, session, origin)), AdminJson.Now(time)]);
        }
    }

    public void SessionClosed(ChatSession session)
    {
        stats.Disconnected();
        if (Detailed && session.Origin is { } origin)
        {
            Broadcast("socket_disconnected", [AdminJson.Text(origin.Namespace), AdminJson.Text(origin.SocketId), AdminJson.Text("closed"), AdminJson.Now(time)]);
        }
    }

    public void RoomJoined(ChatSession session, string roomId) => RoomChanged("room_joined", session, roomId);

    public void RoomLeft(ChatSession session, string roomId) => RoomChanged("room_left", session, roomId);

    public void EventReceived(ChatSession session, string name, JsonElement data)
    {
        stats.PacketIn();
        if (Detailed && session.Origin is { } origin && TakeEventSlot())
        {
            var args = AdminJson.Build(w =>
            {
                w.WriteStartArray();
                w.WriteStringValue(name);
                if (data.ValueKind != JsonValueKind.Undefined)
                {
                    AdminJson.WriteRedacted(w, data);
                }

                w.WriteEndArray();
            });
            Broadcast("event_received", [AdminJson.Text(origin.Namespace), AdminJson.Text(origin.SocketId), args, AdminJson.Now(time)]);
        }
    }

    public void FrameSent(ChatSession session, ReadOnlyMemory<byte> frame)
    {
        stats.PacketOut(frame.Length);
        if (Detailed && session.Origin is { } origin && TakeEventSlot() && AdminFrames.TryReadEvent(frame.Span) is { } args)
        {
            Broadcast("event_sent", [AdminJson.Text(origin.Namespace), AdminJson.Text(origin.SocketId), args, AdminJson.Now(time)]);
        }
    }

    public void Dispose() => _statsTimer?.Dispose();

    private bool Detailed => options.Value.IsDevelopment && !_admins.IsEmpty;

    private void RoomChanged(string eventName, ChatSession session, string roomId)
    {
        if (Detailed && session.Origin is { } origin)
        {
            Broadcast(eventName, [AdminJson.Text(origin.Namespace), AdminJson.Text(roomId), AdminJson.Text(origin.SocketId), AdminJson.Now(time)]);
        }
    }

    /// <summary>Caps the events forwarded per second: a busy gateway must not drown the UI (or itself) in copies.</summary>
    private bool TakeEventSlot()
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        if (Interlocked.Exchange(ref _eventSecond, second) != second)
        {
            Volatile.Write(ref _eventsThisSecond, 0);
        }

        return Interlocked.Increment(ref _eventsThisSecond) <= options.Value.MaxEventsPerSecond;
    }

    private void Broadcast(string eventName, JsonElement[] args)
    {
        foreach (var admin in _admins.Values)
        {
            // Only queues: the admin socket's connection drains it; a slow admin is closed by its own bounded queue.
            _ = admin.EmitAsync(eventName, args, []);
        }
    }
}
