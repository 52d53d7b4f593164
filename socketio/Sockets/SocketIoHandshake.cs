using System.Net;
using System.Text.Json;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Orleans.Chat.SocketIo.Packets;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// The handshake of a socket: what its client presented when it joined the namespace: the Engine.IO opening request (query, headers,
/// address) and the CONNECT packet's auth payload, including the recovery keys "pid" and "offset".
/// </summary>
public sealed class SocketIoHandshake
{
    // The auth payload's JSON text: a connection keeps these bytes, not a parsed document of them.
    private readonly byte[]? _authJson;
    private JsonDocument? _auth;

    /// <summary><paramref name="auth"/> is copied: the packet it belongs to goes once the connect is decided.</summary>
    internal SocketIoHandshake(HandshakeSnapshot request, JsonElement? auth)
    {
        Request = request;
        if (auth is { } value)
        {
            _authJson = JsonMarshal.GetRawUtf8Value(value).ToArray();
        }

        if (auth is { ValueKind: JsonValueKind.Object } payload)
        {
            RecoveryPid = StringProperty(payload, "pid"u8);
            RecoveryOffset = StringProperty(payload, "offset"u8);
        }
    }

    /// <summary>The auth object of the CONNECT packet, or null when it had none; parsed from the kept text on first read.</summary>
    public JsonElement? Auth
    {
        get
        {
            if (_authJson is not { } json)
            {
                return null;
            }

            var document = Volatile.Read(ref _auth) ?? Interlocked.CompareExchange(ref _auth, JsonDocument.Parse(json), null) ?? _auth!;
            return document.RootElement;
        }
    }

    /// <summary>The pid a recovering client got in an earlier CONNECT reply.</summary>
    public string? RecoveryPid { get; }

    /// <summary>The offset of the last event a recovering client received.</summary>
    public string? RecoveryOffset { get; }

    /// <summary>The opening request's query; parsed on first read (<see cref="GetQueryValue"/> reads one parameter without keeping a parsed copy).</summary>
    public IQueryCollection Query => Request.Query;

    /// <summary>The opening request's headers; a dictionary of them is built on first read (<see cref="GetHeader"/> does without).</summary>
    public IHeaderDictionary Headers => Request.Headers;

    public IPAddress? RemoteAddress => Request.RemoteIpAddress;

    public DateTimeOffset Time => Request.Time;

    /// <summary>The opening request's path and query string, as Socket.IO's <c>handshake.url</c>.</summary>
    public string Url => Request.PathBase.Add(Request.Path) + Request.QueryString;

    /// <summary>Whether the opening request came over TLS.</summary>
    public bool Secure => Request.IsHttps;

    /// <summary>
    /// A copy of the opening request that stays valid for the life of the connection, for APIs that take an
    /// <see cref="Microsoft.AspNetCore.Http.HttpContext"/>; built on first read.
    /// </summary>
    public HttpContext HttpContext => Request.Context;

    /// <summary>One header of the opening request (case-insensitive name), or empty.</summary>
    public StringValues GetHeader(string name) => Request.Header(name);

    /// <summary>One query parameter of the opening request, decoded, or empty.</summary>
    public StringValues GetQueryValue(string name) => Request.QueryValue(name);

    internal HandshakeSnapshot Request { get; }

    private static string? StringProperty(JsonElement auth, ReadOnlySpan<byte> name) =>
        auth.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && SocketIoPacketParser.TryGetString(value, out var text) ? text : null;
}
