using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Chat.SocketIo.Packets;
using Orleans.Chat.SocketIo.Sockets;

namespace Orleans.Chat.SocketIo.Hosting;

/// <summary>Registers the namespaces of the Socket.IO server added by AddSocketIo.</summary>
public sealed class SocketIoBuilder
{
    internal SocketIoBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    /// <summary>Serves namespace <paramref name="name"/> with a singleton <typeparamref name="THandler"/>.</summary>
    public SocketIoBuilder AddNamespace<THandler>(string name = "/")
        where THandler : class, ISocketIoNamespaceHandler
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name[0] != '/' || name.Contains(','))
        {
            throw new ArgumentException("A namespace starts with '/' and contains no ','.", nameof(name));
        }

        Services.TryAddSingleton<THandler>();
        Services.AddSingleton(new SocketIoNamespaceRegistration(name, typeof(THandler)));
        return this;
    }

    /// <summary>Binds <see cref="SocketIoOptions"/> from a configuration section (e.g. "SocketIo").</summary>
    public SocketIoBuilder BindConfiguration(IConfiguration section)
    {
        Services.AddOptions<SocketIoOptions>().Bind(section);
        return this;
    }
}
