using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.SocketIo.Hosting;

public static class SocketIoServiceCollectionExtensions
{
    /// <summary>
    /// Adds the Socket.IO server and its validated options. Add namespaces on the returned builder, then
    /// call app.UseWebSocketFrameBatching(), app.UseWebSockets() and app.MapSocketIo().
    /// </summary>
    public static SocketIoBuilder AddSocketIo(this IServiceCollection services, Action<SocketIoOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SocketIoOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocketIoOptions>, SocketIoOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SocketIoServer>();
        return new SocketIoBuilder(services);
    }
}
