using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Chat.SocketIo.Hosting;

namespace Orleans.Chat.ConformanceHost;

/// <summary>
/// Builds the server the official Engine.IO and Socket.IO protocol test suites expect, configured as
/// their reference servers are (ping 300/200 ms, maxPayload 1e6, connect timeout 1 s, any origin).
/// Tests build it with port 0 and read the bound address from <see cref="GetBaseAddress"/>.
/// </summary>
public static class ConformanceServer
{
    public const string EngineIoPath = "/engine.io/";
    public const string SocketIoPath = "/socket.io/";

    /// <param name="configure">Adjusts the reference settings, e.g. slower heartbeats for tests about something else.</param>
    public static WebApplication Build(ConformanceMode mode, int port, Action<SocketIoOptions>? configure = null, LogLevel minimumLogLevel = LogLevel.Warning)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.SetMinimumLevel(minimumLogLevel);
        builder.Services
            .AddSocketIo(options =>
            {
                options.PingInterval = TimeSpan.FromMilliseconds(300);
                options.PingTimeout = TimeSpan.FromMilliseconds(200);
                options.MaxPayload = 1_000_000;
                options.ConnectTimeout = TimeSpan.FromMilliseconds(1000);
                options.AllowedOrigins = ["*"];
                configure?.Invoke(options);
            })
            .AddNamespace<MainNamespaceHandler>("/")
            .AddNamespace<CustomNamespaceHandler>("/custom");

        var app = builder.Build();
        app.UseWebSocketFrameBatching();
        app.UseWebSockets();
        if (mode == ConformanceMode.EngineIo)
        {
            app.MapEngineIo<EchoEngineIoHandler>(EngineIoPath);
        }
        else
        {
            app.MapSocketIo(SocketIoPath);
        }

        return app;
    }

    /// <summary>The http:// address the started server listens on.</summary>
    public static Uri GetBaseAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
