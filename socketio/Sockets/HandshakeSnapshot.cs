using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// A detached copy of the request that opened an Engine.IO session. ASP.NET Core recycles request
/// objects once a request ends, and a polling client's CONNECT arrives in a later request, so the
/// application reads this copy instead of the live request.
/// </summary>
/// <remarks>
/// It keeps the request's parts (the strings are the request's own, the headers one array) and builds
/// the query collection, header dictionary and <see cref="HttpContext"/> only when first asked for:
/// a full <see cref="DefaultHttpContext"/> per connection held about 1.5 kB for as long as it was open.
/// </remarks>
internal sealed class HandshakeSnapshot
{
    private readonly KeyValuePair<string, StringValues>[] _headers;
    private readonly IServiceProvider _services;
    private IQueryCollection? _query;
    private IHeaderDictionary? _headerDictionary;
    private HttpContext? _context;

    private HandshakeSnapshot(HttpContext source, IServiceProvider services, DateTimeOffset time)
    {
        var request = source.Request;
        _services = services;
        Time = time;
        Method = request.Method;
        Scheme = request.Scheme;
        Host = request.Host;
        PathBase = request.PathBase;
        Path = request.Path;
        QueryString = request.QueryString;
        _headers = [.. request.Headers];

        // Read through the feature: HttpContext.User would make an empty principal for a request without one.
        User = source.Features.Get<IHttpAuthenticationFeature>()?.User;
        TraceIdentifier = source.TraceIdentifier;
        var connection = source.Connection;
        ConnectionId = connection.Id;
        RemoteIpAddress = connection.RemoteIpAddress;
        RemotePort = connection.RemotePort;
        LocalIpAddress = connection.LocalIpAddress;
        LocalPort = connection.LocalPort;
    }

    public DateTimeOffset Time { get; }

    public string Method { get; }

    public string Scheme { get; }

    public HostString Host { get; }

    public PathString PathBase { get; }

    public PathString Path { get; }

    public QueryString QueryString { get; }

    public ClaimsPrincipal? User { get; }

    public string TraceIdentifier { get; }

    public string ConnectionId { get; }

    public IPAddress? RemoteIpAddress { get; }

    public int RemotePort { get; }

    public IPAddress? LocalIpAddress { get; }

    public int LocalPort { get; }

    public bool IsHttps => string.Equals(Scheme, "https", StringComparison.OrdinalIgnoreCase);

    public IQueryCollection Query => LazyInitializer.EnsureInitialized(ref _query, () => new QueryCollection(QueryHelpers.ParseQuery(QueryString.Value)));

    public IHeaderDictionary Headers => LazyInitializer.EnsureInitialized(ref _headerDictionary, () =>
    {
        var headers = new HeaderDictionary(_headers.Length);
        foreach (var (name, value) in _headers)
        {
            headers[name] = value;
        }

        return headers;
    });

    /// <summary>A request-like copy for APIs that take an <see cref="HttpContext"/>; built on first use.</summary>
    public HttpContext Context => LazyInitializer.EnsureInitialized(ref _context, BuildContext);

    public static HandshakeSnapshot Capture(HttpContext source, IServiceProvider services, DateTimeOffset time) => new(source, services, time);

    /// <summary>A header's value (names compare case-insensitively, as HTTP's do), without building the dictionary.</summary>
    public StringValues Header(string name)
    {
        foreach (var (key, value) in _headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return StringValues.Empty;
    }

    /// <summary>A query parameter's values (decoded; names compare case-insensitively, as ASP.NET Core's query collection does).</summary>
    public StringValues QueryValue(string name)
    {
        if (_query is { } parsed)
        {
            return parsed[name];
        }

        var values = StringValues.Empty;
        foreach (var pair in new QueryStringEnumerable(QueryString.Value))
        {
            if (pair.DecodeName().Span.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                values = StringValues.Concat(values, pair.DecodeValue().ToString());
            }
        }

        return values;
    }

    private HttpContext BuildContext()
    {
        var copy = new DefaultHttpContext
        {
            RequestServices = _services,
            TraceIdentifier = TraceIdentifier,
        };
        if (User is { } user)
        {
            copy.User = user;
        }

        var request = copy.Request;
        request.Method = Method;
        request.Scheme = Scheme;
        request.Host = Host;
        request.PathBase = PathBase;
        request.Path = Path;
        request.QueryString = QueryString;
        foreach (var (name, value) in _headers)
        {
            request.Headers[name] = value;
        }

        var connection = copy.Connection;
        connection.Id = ConnectionId;
        connection.RemoteIpAddress = RemoteIpAddress;
        connection.RemotePort = RemotePort;
        connection.LocalIpAddress = LocalIpAddress;
        connection.LocalPort = LocalPort;
        return copy;
    }
}
