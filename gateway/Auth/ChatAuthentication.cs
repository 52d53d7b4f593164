using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>
/// Client tokens through ASP.NET Core authentication, so HttpContext.User is the chat user: the JWT
/// bearer scheme takes the token from ?token= (browsers cannot set headers on a WebSocket upgrade, as
/// in SignalR) or Authorization: Bearer, and <see cref="ChatTokenValidator"/> decides. That validator
/// is the one path every token takes (Socket.IO's CONNECT auth and refresh-token too), so the rules
/// (signing key, issuer, audience, exp required, the gateway's clock) cannot drift between them.
/// </summary>
public static class ChatAuthentication
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public static IServiceCollection AddChatAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme)
            .AddJwtBearer()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);
        services.AddChatPolicies();
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<ChatTokenValidator>((options, tokens) =>
        {
            options.MapInboundClaims = false;
            options.Events = new JwtBearerEvents { OnMessageReceived = context => ValidateAsync(context, tokens) };
        });
        return services;
    }

    /// <summary>
    /// The request's user and token expiry, or why it has none: null when it carries no token, a
    /// failed outcome (with the client-facing reason) when its token was refused.
    /// </summary>
    public static async Task<TokenValidationOutcome?> AuthenticateAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Cached per request: the authentication middleware already ran the scheme.
        var result = await context.AuthenticateAsync(Scheme);
        if (result.Succeeded)
        {
            var principal = result.Principal;
            var user = new ChatUser(principal.FindFirstValue(ClaimTypes.NameIdentifier)!, principal.FindFirstValue(ClaimTypes.Name)!);
            return TokenValidationOutcome.Success(user, result.Properties.ExpiresUtc);
        }

        return result.None ? null : TokenValidationOutcome.Failure(result.Failure?.Message ?? "invalid token");
    }

    private static async Task ValidateAsync(MessageReceivedContext context, ChatTokenValidator tokens)
    {
        var token = TokenSource.FromRequest(context.Request);
        if (token is null)
        {
            // No token is no result, not a failure: the endpoint answers auth_required.
            context.NoResult();
            return;
        }

        var outcome = await tokens.ValidateAsync(token);
        if (!outcome.Succeeded)
        {
            context.Fail(outcome.FailureReason!);
            return;
        }

        var user = outcome.User!;
        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, user.Id), new Claim(ClaimTypes.Name, user.Name)],
            Scheme));
        context.Properties.ExpiresUtc = outcome.ExpiresAt;
        context.Success();
    }
}
