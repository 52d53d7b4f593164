using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.SocketIo.Hosting;

namespace Orleans.Chat.Gateway.Origins;

public static class OriginCheckExtensions
{
    /// <summary>The origin decision, shared by the 403 in front of the endpoints and the Socket.IO polling CORS headers.</summary>
    public static IServiceCollection AddOriginCheck(this IServiceCollection services, IConfiguration configuration)
    {
        // SocketIo:AllowedOrigins, the older setting for polling CORS only, is a deprecated alias.
        var legacy = configuration.GetSection($"{SocketIoOptions.Section}:{nameof(SocketIoOptions.AllowedOrigins)}").Get<string[]>() ?? [];
        services.PostConfigure<GatewayOptions>(gateway => gateway.AllowedOrigins = [.. gateway.AllowedOrigins, .. legacy]);
        services.AddSingleton<OriginGate>();
        services.AddOptions<SocketIoOptions>().Configure<OriginGate>((socketIo, gate) =>
            socketIo.IsOriginAllowed = (context, origin) => gate.IsAllowed(context.Request, origin));
        return services;
    }

    /// <summary>Refuses foreign browser origins on the given endpoints (every transport, every method) with 403 forbidden_origin.</summary>
    public static IApplicationBuilder UseOriginCheck(this IApplicationBuilder app, params PathString[] paths) =>
        app.UseWhen(
            context => paths.Any(path => context.Request.Path.StartsWithSegments(path)),
            branch => branch.UseMiddleware<ForbiddenOriginMiddleware>());
}
