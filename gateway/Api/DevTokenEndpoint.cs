using Orleans.Chat.Gateway.Auth;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Api;

/// <summary>POST /auth/dev-token: { userId, name } -> { token }. Mapped in Development only.</summary>
public static class DevTokenEndpoint
{
    public static IEndpointRouteBuilder MapDevToken(this IEndpointRouteBuilder app)
    {
        app.MapPost("/auth/dev-token", async (HttpRequest request, DevTokenIssuer issuer) =>
        {
            var body = await ServerApiEndpoints.ReadBodyAsync(request, ChatJsonContext.Default.DevTokenRequest);
            if (body?.UserId is null || !PayloadReader.IsValidId(body.UserId) || body.Name?.Length > 100)
            {
                return Results.Json(ClientErrors.InvalidFormat, ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status400BadRequest);
            }

            return Results.Json(new DevTokenResponse(issuer.Issue(body.UserId, body.Name)), ChatJsonContext.Default.DevTokenResponse);
        }).RequireRateLimiting(HttpRateLimits.DevTokenPolicy);
        return app;
    }
}
