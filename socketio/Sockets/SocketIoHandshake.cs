using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Orleans.Chat.SocketIo.Packets;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// The handshake of a socket: what its client presented when it joined the namespace: the Engine.IO opening request (query, headers,
/// address) and the CONNECT packet's auth payload, including the recovery keys "pid" and "offset".
/// </summary>
public sealed class SocketIoHandshake
{
    internal SocketIoHandshake(HandshakeSnapshot request, JsonElement? auth)
    {
        Request = request;
        Auth = auth;
        if (auth is { ValueKind: JsonValueKind.Object } value)
        {
            RecoveryPid = StringProperty(value, "pid"u8);
            RecoveryOffset = StringProperty(value, "offset"u8);
        }
    }

    /// <summary>The auth object of the CONNECT packet, or null when it had none.</summary>
    public JsonElement? Auth { get; }

    /// <summary>The pid a recovering client got in an earlier CONNECT reply.</summary>
    public string? RecoveryPid { get; }

    /// <summary>The offset of the last event a recovering client received.</summary>
    public string? RecoveryOffset { get; }

    public IQueryCollection Query => Request.Context.Request.Query;

    public IHeaderDictionary Headers => Request.Context.Request.Headers;

    public IPAddress? RemoteAddress => Request.Context.Connection.RemoteIpAddress;

    public DateTimeOffset Time => Request.Time;

    /// <summary>A copy of the opening request that stays valid for the life of the connection.</summary>
    public HttpContext HttpContext => Request.Context;

    internal HandshakeSnapshot Request { get; }

    private static string? StringProperty(JsonElement auth, ReadOnlySpan<byte> name) =>
        auth.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && SocketIoPacketParser.TryGetString(value, out var text) ? text : null;
}
