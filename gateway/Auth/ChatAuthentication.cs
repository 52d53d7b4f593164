using Microsoft.AspNetCore.Authentication;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>
/// The gateway's ASP.NET Core authentication: one scheme, the server API's X-Api-Key, required by the
/// <see cref="ChatPolicies.ServerApi"/> policy. Client tokens are not a scheme: every entry point that
/// takes one (/ws, Socket.IO's CONNECT, /files, /api/ice-servers, refresh-token) validates it with
/// <see cref="ChatTokenValidator"/>, the one place the rules live. A WebSocket lives inside its upgrade
/// request, so whatever a scheme builds for that request (handler, principal, claims, service scope)
/// would be held for the connection's life: about 2 kB per idle connection.
/// </summary>
public static class ChatAuthentication
{
    public static IServiceCollection AddChatAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddChatPolicies();
        return services;
    }

    /// <summary>
    /// Authentication and authorization for every request except the client connections (<paramref name="clientPaths"/>),
    /// which authenticate themselves. An endpoint there that required a policy would fail closed:
    /// ASP.NET Core refuses to run an endpoint with authorization metadata that no middleware checked.
    /// </summary>
    public static IApplicationBuilder UseChatAuthentication(this IApplicationBuilder app, params PathString[] clientPaths)
    {
        app.UseWhen(
            context => !clientPaths.Any(path => context.Request.Path.StartsWithSegments(path)),
            branch => branch.UseAuthentication().UseAuthorization());
        // WebApplication puts both middlewares in front of every request unless the app uses them itself,
        // which it learns from these marks; UseAuthentication and UseAuthorization left them on the branch's copy.
        app.Properties[AuthenticationMiddlewareSet] = true;
        app.Properties[AuthorizationMiddlewareSet] = true;
        return app;
    }

    private const string AuthenticationMiddlewareSet = "__AuthenticationMiddlewareSet";
    private const string AuthorizationMiddlewareSet = "__AuthorizationMiddlewareSet";
}
