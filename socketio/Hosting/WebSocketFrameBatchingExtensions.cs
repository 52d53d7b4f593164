using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Orleans.Chat.SocketIo.WebSockets;

namespace Orleans.Chat.SocketIo.Hosting;

public static class WebSocketFrameBatchingExtensions
{
    /// <summary>
    /// Lets WebSocket endpoints (Engine.IO's, or any using <see cref="WebSocketFrameWriter"/>) write every
    /// frame queued for a client in one socket write. Call it right before app.UseWebSockets(), which takes
    /// the upgrade feature of each request when it runs. HTTP/1.1 upgrades only: WebSockets over HTTP/2
    /// keep working, one send per frame.
    /// </summary>
    public static IApplicationBuilder UseWebSocketFrameBatching(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
            {
                var shared = new SharedStreamUpgradeFeature(upgrade);
                context.Features.Set<IHttpUpgradeFeature>(shared);
                context.Features.Set(shared);
            }

            return next(context);
        });
    }
}
