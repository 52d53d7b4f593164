using Microsoft.AspNetCore.Http;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// A detached copy of the request that opened an Engine.IO session. ASP.NET Core recycles request
/// objects once a request ends, and a polling client's CONNECT arrives in a later request, so the
/// application gets this copy instead of the live request.
/// </summary>
internal sealed class HandshakeSnapshot
{
    private HandshakeSnapshot(HttpContext context, DateTimeOffset time)
    {
        Context = context;
        Time = time;
    }

    public HttpContext Context { get; }

    public DateTimeOffset Time { get; }

    public static HandshakeSnapshot Capture(HttpContext source, IServiceProvider services, DateTimeOffset time)
    {
        var copy = new DefaultHttpContext
        {
            RequestServices = services,
            User = source.User,
            TraceIdentifier = source.TraceIdentifier,
        };
        var request = copy.Request;
        request.Method = source.Request.Method;
        request.Scheme = source.Request.Scheme;
        request.Host = source.Request.Host;
        request.PathBase = source.Request.PathBase;
        request.Path = source.Request.Path;
        request.QueryString = source.Request.QueryString;
        foreach (var header in source.Request.Headers)
        {
            request.Headers[header.Key] = header.Value;
        }

        var connection = copy.Connection;
        connection.Id = source.Connection.Id;
        connection.RemoteIpAddress = source.Connection.RemoteIpAddress;
        connection.RemotePort = source.Connection.RemotePort;
        connection.LocalIpAddress = source.Connection.LocalIpAddress;
        connection.LocalPort = source.Connection.LocalPort;
        return new HandshakeSnapshot(copy, time);
    }
}
