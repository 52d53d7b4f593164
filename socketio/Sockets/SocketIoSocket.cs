using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Packets;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// A client's membership of one namespace over one Engine.IO connection. Sending never blocks: packets
/// go to the connection's bounded queue, which its current transport (WebSocket frames, or the next
/// polling response) drains in order. Sends on a socket that is not connected are dropped.
/// </summary>
public sealed class SocketIoSocket
{
    private readonly SocketIoConnection _connection;
    // Made when first asked for: few applications watch it, and each idle socket would hold one.
    private CancellationTokenSource? _disconnected;
    private ConcurrentDictionary<string, object?>? _items;
    private object? _data;
    private int _connected;
    private int _disconnectNotified;

    internal SocketIoSocket(SocketIoConnection connection, SocketIoNamespace owner, string id, SocketIoHandshake handshake)
    {
        _connection = connection;
        Owner = owner;
        Id = id;
        Handshake = handshake;
    }

    /// <summary>The Socket.IO socket id (the "sid" of the CONNECT reply), distinct from the Engine.IO session id.</summary>
    public string Id { get; private set; }

    /// <summary>The namespace name, e.g. "/".</summary>
    public string Namespace => Owner.Name;

    /// <summary>The id of the underlying Engine.IO session, shared by the client's sockets in other namespaces.</summary>
    public string EngineSessionId => _connection.Session.Id;

    /// <summary>"polling" or "websocket".</summary>
    public string TransportName => _connection.Session.TransportName;

    public SocketIoHandshake Handshake { get; }

    public bool Connected => Volatile.Read(ref _connected) == 1;

    /// <summary>True when the application accepted the connection as a recovery of an earlier socket.</summary>
    public bool Recovered { get; private set; }

    /// <summary>The private session id sent to the client for connection state recovery, if any.</summary>
    public string? Pid { get; private set; }

    /// <summary>Cancelled once the socket has left its namespace.</summary>
    public CancellationToken Disconnected =>
        LazyCancellation.TokenOf(ref _disconnected, this, static socket => Volatile.Read(ref socket._disconnectNotified) == 1);

    /// <summary>Cancelled once the Engine.IO connection under the socket has closed (also when the socket never joined).</summary>
    public CancellationToken ConnectionClosed => _connection.Session.Closed;

    /// <summary>
    /// Any object the application attaches to this socket, like Socket.IO's <c>socket.data</c>: the cheapest
    /// place for per-socket state (one field), where <see cref="Items"/> is a dictionary made on first use.
    /// </summary>
    public object? Data
    {
        get => Volatile.Read(ref _data);
        set => Volatile.Write(ref _data, value);
    }

    /// <summary>Application state attached to this socket by name.</summary>
    /// <remarks>Sized for the few entries a socket holds: the defaults (31 buckets, a lock per core) cost 400 bytes per socket.</remarks>
    public ConcurrentDictionary<string, object?> Items =>
        _items ?? Interlocked.CompareExchange(ref _items, new ConcurrentDictionary<string, object?>(concurrencyLevel: 1, capacity: 3, StringComparer.Ordinal), null) ?? _items;

    internal SocketIoNamespace Owner { get; }

    /// <summary>
    /// Emits ["<paramref name="eventName"/>", ...args]. JsonElement arguments are written as they are,
    /// byte[] / ReadOnlyMemory&lt;byte&gt; (also nested in objects) become binary attachments, and other
    /// objects are serialized with web (camelCase) JSON defaults.
    /// </summary>
    public ValueTask EmitAsync(string eventName, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(args);
        return Connected ? SendAsync(SocketIoPacketEncoder.EncodeArguments(Namespace, eventName, null, args)) : ValueTask.CompletedTask;
    }

    /// <summary>Emits JSON arguments whose placeholders refer to <paramref name="attachments"/> by index.</summary>
    public ValueTask EmitAsync(string eventName, IReadOnlyList<JsonElement> args, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(attachments);
        return Connected ? SendAsync(SocketIoPacketEncoder.EncodeJsonArguments(Namespace, eventName, null, args, attachments)) : ValueTask.CompletedTask;
    }

    /// <summary>Emits one argument serialized through <paramref name="typeInfo"/> (source-generated JSON).</summary>
    public ValueTask EmitAsync<T>(string eventName, T payload, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        return Connected ? SendAsync(SocketIoPacketEncoder.EncodeTypedArgument(Namespace, eventName, null, payload, typeInfo)) : ValueTask.CompletedTask;
    }

    /// <summary>
    /// Sends a complete Engine.IO text packet encoded beforehand, typically once for many sockets with
    /// <see cref="SocketIoPacketEncoder.EncodeEvent{T}"/>. The bytes are not copied and must not change afterwards.
    /// </summary>
    public ValueTask SendEncodedAsync(ReadOnlyMemory<byte> engineIoTextPacket, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TrySendEncoded(engineIoTextPacket);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// <see cref="SendEncodedAsync"/> that tells whether the packet was queued: false when the socket is not
    /// connected or its connection has closed (which a client that fell too far behind gets).
    /// </summary>
    public bool TrySendEncoded(ReadOnlyMemory<byte> engineIoTextPacket) => TrySend(new OutboundMessage(engineIoTextPacket));

    /// <summary>
    /// Leaves the namespace (the client gets a DISCONNECT packet and will not reconnect by itself); with
    /// <paramref name="closeConnection"/> the whole Engine.IO connection closes, leaving every namespace.
    /// </summary>
    public ValueTask DisconnectAsync(bool closeConnection = false)
    {
        if (closeConnection)
        {
            _connection.DisconnectAll();
        }
        else
        {
            _connection.Disconnect(this);
        }

        return ValueTask.CompletedTask;
    }

    internal ValueTask SendAsync(in OutboundMessage message)
    {
        TrySend(message);
        return ValueTask.CompletedTask;
    }

    private bool TrySend(in OutboundMessage message) => Connected && _connection.Session.TryEnqueue(message);

    internal void Accept(ConnectDecision decision)
    {
        if (decision.RecoveredSocketId is { } previousId)
        {
            Id = previousId;
            Recovered = true;
        }

        Pid = decision.Pid;
        Volatile.Write(ref _connected, 1);
    }

    /// <summary>Stops sending; true the first time.</summary>
    internal bool StopSending() => Interlocked.Exchange(ref _connected, 0) == 1;

    /// <summary>Marks the socket gone; true the first time, so the application hears of it once.</summary>
    internal bool MarkDisconnected()
    {
        Volatile.Write(ref _connected, 0);
        if (Interlocked.Exchange(ref _disconnectNotified, 1) == 1)
        {
            return false;
        }

        Volatile.Read(ref _disconnected)?.Cancel();
        return true;
    }
}
