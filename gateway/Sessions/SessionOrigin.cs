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

    private readonly Func<string> _transport;
    private readonly Func<string>? _socketId;
    private readonly Func<object, HttpRequest>? _requestOf;
    private readonly Lock _gate = new();
    private object? _request;
    private RequestCopy? _copy;

    private SessionOrigin()
    {
        Protocol = Namespace = ClientId = "unknown";
        _socketId = _transport = static () => "unknown";
        Address = ConnectionLog.AddressText(null);
        _copy = NoRequest;
    }

    private SessionOrigin(
        string protocol, string nsp, Func<string>? socketId, string clientId, object request, Func<object, HttpRequest> requestOf, bool secure, IPAddress? address, DateTimeOffset time, Func<string> transport)
    {
        Protocol = protocol;
        Namespace = nsp;
        _socketId = socketId;
        ClientId = clientId;
        _transport = transport;
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
    public string SocketId => _socketId?.Invoke() ?? ClientId;

    /// <summary>The underlying connection (the Engine.IO session for Socket.IO).</summary>
    public string ClientId { get; }

    public string Transport => _transport();

    public DateTimeOffset Time { get; }

    public string Url => Copy().Url;

    public bool Secure { get; }

    /// <summary>The client address as the per-address caps see it (IPv4-mapped IPv6 as IPv4).</summary>
    public string Address { get; }

    /// <summary>Lower-case names; empty when first read after the session closed.</summary>
    public IReadOnlyDictionary<string, string> Headers => Copy().Headers;

    public IReadOnlyDictionary<string, string> Query => Copy().Query;

    /// <summary>
    /// <paramref name="socketId"/> is read late: a recovered Socket.IO socket takes over its old id when accepted;
    /// null when the id is <paramref name="clientId"/> (native sessions).
    /// </summary>
    public static SessionOrigin Create(
        string protocol, string nsp, Func<string>? socketId, string clientId, HttpRequest request, DateTimeOffset time, Func<string> transport) =>
        new(protocol, nsp, socketId, clientId, request, static request => (HttpRequest)request, request.IsHttps, request.HttpContext.Connection.RemoteIpAddress, time, transport);

    /// <summary>
    /// For a request kept in another form (Socket.IO's handshake): <paramref name="requestOf"/> gives it as an
    /// <see cref="HttpRequest"/> when an operator view first reads the URL, headers or query.
    /// </summary>
    public static SessionOrigin Create(
        string protocol, string nsp, Func<string>? socketId, string clientId, object request, Func<object, HttpRequest> requestOf, bool secure, IPAddress? address, DateTimeOffset time, Func<string> transport) =>
        new(protocol, nsp, socketId, clientId, request, requestOf, secure, address, time, transport);

    /// <summary>The session is closing: the request may be recycled once it returns, so it is never read after this.</summary>
    public void Detach()
    {
        lock (_gate)
        {
            _request = null;
        }
    }

    private RequestCopy Copy()
    {
        lock (_gate)
        {
            return _copy ??= _request is { } request && _requestOf is { } requestOf ? RequestCopy.Of(requestOf(request)) : NoRequest;
        }
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
