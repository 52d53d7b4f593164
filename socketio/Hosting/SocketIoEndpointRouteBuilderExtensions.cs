using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.SocketIo.EngineIo;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.SocketIo.Hosting;

public static class SocketIoEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Socket.IO (GET/POST polling, OPTIONS preflight and the WebSocket upgrade) at
    /// <paramref name="path"/>, or at <see cref="SocketIoOptions.Path"/> when null. Needs AddSocketIo and
    /// app.UseWebSockets(), best preceded by app.UseWebSocketFrameBatching().
    /// </summary>
    public static IEndpointConventionBuilder MapSocketIo(this IEndpointRouteBuilder endpoints, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var server = services.GetRequiredService<SocketIoServer>();
        return MapEngineIo(endpoints, path ?? services.GetRequiredService<IOptions<SocketIoOptions>>().Value.Path, server);
    }

    /// <summary>Serves bare Engine.IO with <typeparamref name="THandler"/> (from DI, or created) at <paramref name="path"/>.</summary>
    public static IEndpointConventionBuilder MapEngineIo<THandler>(this IEndpointRouteBuilder endpoints, string path = "/engine.io/")
        where THandler : IEngineIoHandler
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var handler = ActivatorUtilities.GetServiceOrCreateInstance<THandler>(endpoints.ServiceProvider);
        return MapEngineIo(endpoints, path, handler);
    }

    private static IEndpointConventionBuilder MapEngineIo(IEndpointRouteBuilder endpoints, string path, IEngineIoHandler handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var services = endpoints.ServiceProvider;
        var engine = new EngineIoServer(
            handler,
            services.GetRequiredService<IOptions<SocketIoOptions>>().Value,
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EngineIoServer).FullName!));
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(() => engine.Stop(EngineIoCloseReason.ServerShuttingDown));
        return endpoints.Map(path, engine.HandleRequestAsync).WithDisplayName($"Engine.IO {path}");
    }
}
