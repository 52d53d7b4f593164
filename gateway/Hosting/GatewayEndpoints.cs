using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Orleans.Chat.Gateway.Api;
using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Files;
using Orleans.Chat.Hosting;
using Orleans.Chat.Hosting.Metrics;
using Orleans.Chat.Gateway.Origins;
using Orleans.Chat.Gateway.Calls;
using Orleans.Chat.Gateway.Protocol.Native;
using Orleans.Chat.SocketIo.Hosting;
using Orleans.Dashboard;

namespace Orleans.Chat.Gateway.Hosting;

public static class GatewayEndpoints
{
    /// <summary>The client connections' endpoints: they check origins and authenticate clients themselves.</summary>
    private static readonly PathString[] ClientPaths = ["/ws", "/socket.io"];

    /// <summary>Maps /ws, the health checks, the server API, /api/ice-servers, the dev-token endpoint and the dashboard.</summary>
    public static WebApplication MapChatGateway(this WebApplication app)
    {
        // First: a scrape needs none of the chat's middleware.
        app.UseChatMetrics();
        // Before UseWebSockets, which takes each request's upgrade feature: session writers then put
        // every frame queued for a client in one socket write.
        app.UseWebSocketFrameBatching();
        app.UseWebSockets();
        app.UseDemoPage();
        app.UseRateLimiter();

        app.UseOriginCheck(ClientPaths);
        // After the rate limiter: a flood of wrong API keys is refused with 429 before any key is compared.
        app.UseChatAuthentication(ClientPaths);
        // A request delegate over the singleton, not a handler with injected parameters: those would open
        // a request service scope, held as long as the WebSocket.
        var services = app.Services;
        NativeWebSocketEndpoint? native = null;
        app.Map("/ws", context => (native ??= services.GetRequiredService<NativeWebSocketEndpoint>()).HandleAsync(context));
        app.MapSocketIo("/socket.io/");
        app.MapMethods("/files/{fileId}", [HttpMethods.Get, HttpMethods.Head],
            (HttpContext context, string fileId, FileDownloadEndpoint endpoint) => endpoint.HandleAsync(context, fileId));
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ClusterReadinessCheck.Tag) });
        app.MapServerApi();
        app.MapIceServers();

        if (app.Environment.IsDevelopment())
        {
            app.MapDevToken();
        }

        if (app.Configuration.CoHostsSilo())
        {
            var dashboard = ChatDashboard.From(app.Configuration, app.Environment);
            dashboard.LogIfWithheld(app.Logger);
            if (dashboard.IsServed)
            {
                app.GuardDashboard(app.MapOrleansDashboard(routePrefix: ChatDashboard.RoutePrefix), dashboard);
            }
        }

        return app;
    }
}
