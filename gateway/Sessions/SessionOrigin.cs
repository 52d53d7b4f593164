using System.Net;
using Microsoft.Extensions.Primitives;
using Orleans.Chat.Gateway.Auth;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Where a session came from, for the connection log and operator views: protocol, client address,
/// transport, its protocol-level id and namespace, and the opening request's URL, headers and query.
/// Secrets (Authorization, cookies, ?token=) are left out here, once, so no view or log line can show them.
/// </summary>
/// <remarks>
/// Only operator views read the URL, headers and query, so they are copied from the request when first
/// read, not at every connect (the copy cost about 1 kB per idle connection). The request lives as long
/// as the session (a WebSocket request ends with it; Socket.IO hands over a detached copy);
/// <see cref="Detach"/>, at close, lets it go before ASP.NET Core recycles it.
/// </remarks>
public sealed class SessionOrigin
{
    public const string Native = "native";
    public const string SocketIo = "socketio";

    /// <summary>For sessions built without a connection of their own (unit tests).</summary>
    public static readonly SessionOrigin Unknown = new();

    private static readonly RequestCopy NoRequest = new("unknown", new Dictionary<string, string>(), new Dictionary<string, string>());

    private readonly ILiveOrigin _live;
    private readonly Func<object, HttpRequest>? _requestOf;
    private object? _request;
    private RequestCopy? _copy;

    // Locks on itself: each origin is private to its session (a Lock object would cost every connection 40 bytes more).
    private object Gate => this;

    private SessionOrigin()
    {
        Protocol = Namespace = ClientId = "unknown";
        _live = new FixedOrigin("unknown", "unknown");
        Address = ConnectionLog.AddressText(null);
        _copy = NoRequest;
    }

    private SessionOrigin(
        string protocol, string nsp, ILiveOrigin live, string clientId, object request, Func<object, HttpRequest> requestOf, bool secure, IPAddress? address, DateTimeOffset time)
    {
        Protocol = protocol;
        Namespace = nsp;
        _live = live;
        ClientId = clientId;
        Time = time;
        Secure = secure;
        Address = ConnectionLog.AddressText(address);
        _request = request;
        _requestOf = requestOf;
    }

    /// <summary><see cref="Native"/> or <see cref="SocketIo"/>.</summary>
    public string Protocol { get; }

    /// <summary>"/" for Socket.IO chat sockets, "/ws" for native sessions.</summary>
    public string Namespace { get; }

    /// <summary>The id a client knows its connection by: the Socket.IO sid, or the native session id.</summary>
    public string SocketId => _live.SocketId ?? ClientId;

    /// <summary>The underlying connection (the Engine.IO session for Socket.IO).</summary>
    public string ClientId { get; }

    public string Transport => _live.Transport;

    public DateTimeOffset Time { get; }

    public string Url => Copy().Url;

    public bool Secure { get; }

    /// <summary>The client address as the per-address caps see it (IPv4-mapped IPv6 as IPv4).</summary>
    public string Address { get; }

    /// <summary>Lower-case names; empty when first read after the session closed.</summary>
    public IReadOnlyDictionary<string, string> Headers => Copy().Headers;

    public IReadOnlyDictionary<string, string> Query => Copy().Query;

    /// <summary>A native session: its socket id is <paramref name="clientId"/> and its transport a WebSocket.</summary>
    public static SessionOrigin Create(string protocol, string nsp, string clientId, HttpRequest request, DateTimeOffset time) =>
        new(protocol, nsp, FixedOrigin.WebSocket, clientId, request, static request => (HttpRequest)request, request.IsHttps, request.HttpContext.Connection.RemoteIpAddress, time);

    /// <summary>
    /// For a request kept in another form (Socket.IO's handshake): <paramref name="requestOf"/> gives it as an
    /// <see cref="HttpRequest"/> when an operator view first reads the URL, headers or query; <paramref name="live"/>
    /// answers the socket id and transport when asked (a recovered socket takes over its old id when accepted,
    /// a polling one may upgrade).
    /// </summary>
    public static SessionOrigin Create(
        string protocol, string nsp, ILiveOrigin live, string clientId, object request, Func<object, HttpRequest> requestOf, bool secure, IPAddress? address, DateTimeOffset time) =>
        new(protocol, nsp, live, clientId, request, requestOf, secure, address, time);

    /// <summary>The session is closing: the request may be recycled once it returns, so it is never read after this.</summary>
    public void Detach()
    {
        lock (Gate)
        {
            _request = null;
        }
    }

    private RequestCopy Copy()
    {
        lock (Gate)
        {
            return _copy ??= _request is { } request && _requestOf is { } requestOf ? RequestCopy.Of(requestOf(request)) : NoRequest;
        }
    }

    private sealed class FixedOrigin(string? socketId, string transport) : ILiveOrigin
    {
        public static readonly FixedOrigin WebSocket = new(null, "websocket");

        public string? SocketId => socketId;
        public string Transport => transport;
    }

    private sealed record RequestCopy(string Url, IReadOnlyDictionary<string, string> Headers, IReadOnlyDictionary<string, string> Query)
    {
        public static RequestCopy Of(HttpRequest request) => new(
            request.Path + QueryWithoutSecrets(request),
            request.Headers.ToDictionary(
                h => h.Key.ToLowerInvariant(),
                h => RequestSecrets.IsSecretHeader(h.Key) ? RequestSecrets.Redacted : h.Value.ToString(),
                StringComparer.Ordinal),
            request.Query.ToDictionary(q => q.Key, q => RequestSecrets.IsSecretQuery(q.Key) ? RequestSecrets.Redacted : q.Value.ToString(), StringComparer.Ordinal));

        private static string QueryWithoutSecrets(HttpRequest request)
        {
            if (!request.QueryString.HasValue)
            {
                return string.Empty;
            }

            var parts = request.Query.Select(q => Uri.EscapeDataString(q.Key) + "=" + (RequestSecrets.IsSecretQuery(q.Key) ? RequestSecrets.Redacted : Uri.EscapeDataString(((StringValues)q.Value).ToString())));
            return "?" + string.Join('&', parts);
        }
    }
}

/// <summary>
/// What of a session's origin only its protocol connection knows, read when asked: the id the client knows its
/// connection by (null: the session's client id) and the transport. One reference per session, where two
/// delegates cost every connection 150 bytes.
/// </summary>
public interface ILiveOrigin
{
    string? SocketId { get; }

    string Transport { get; }
}
