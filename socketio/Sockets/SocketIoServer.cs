using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Hosting;

namespace Orleans.Chat.SocketIo.Sockets;

/// <summary>
/// The Socket.IO server: the registered namespaces and, per Engine.IO session, the connection that
/// speaks Socket.IO over it. Inject it to find namespaces and their sockets.
/// </summary>
public sealed class SocketIoServer : IEngineIoHandler
{
    private readonly Dictionary<string, SocketIoNamespace> _namespaces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SocketIoConnection> _connections = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;

    public SocketIoServer(IEnumerable<SocketIoNamespaceRegistration> registrations, IServiceProvider services, IOptions<SocketIoOptions> options, TimeProvider time, ILogger<SocketIoServer> logger)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        Options = options.Value;
        Time = time;
        Logger = logger;
        foreach (var registration in registrations)
        {
            var handler = (ISocketIoNamespaceHandler)services.GetRequiredService(registration.HandlerType);
            if (!_namespaces.TryAdd(registration.Name, new SocketIoNamespace(registration.Name, handler)))
            {
                throw new InvalidOperationException($"Socket.IO namespace '{registration.Name}' is registered twice.");
            }
        }
    }

    public IReadOnlyCollection<SocketIoNamespace> Namespaces => _namespaces.Values;

    /// <summary>Open Engine.IO connections speaking Socket.IO.</summary>
    public int ConnectionCount => _connections.Count;

    internal SocketIoOptions Options { get; }

    internal TimeProvider Time { get; }

    internal ILogger Logger { get; }

    public SocketIoNamespace? GetNamespace(string name) => _namespaces.GetValueOrDefault(name);

    ValueTask IEngineIoHandler.OnOpenAsync(EngineIoSession session, HttpContext context)
    {
        var handshake = HandshakeSnapshot.Capture(context, _services, Time.GetUtcNow());
        _connections[session.Id] = new SocketIoConnection(this, session, handshake);
        return ValueTask.CompletedTask;
    }

    ValueTask IEngineIoHandler.OnMessageAsync(EngineIoSession session, EngineIoMessage message) =>
        _connections.TryGetValue(session.Id, out var connection) ? connection.OnMessageAsync(message) : ValueTask.CompletedTask;

    ValueTask IEngineIoHandler.OnCloseAsync(EngineIoSession session, string reason)
    {
        if (_connections.TryRemove(session.Id, out var connection))
        {
            connection.OnSessionClosed(reason);
        }

        return ValueTask.CompletedTask;
    }
}
