namespace Orleans.Chat.Gateway.Auth;

/// <summary>The gateway's authorization policies (endpoints name them in RequireAuthorization).</summary>
public static class ChatPolicies
{
    /// <summary>Backend services and operators: the right X-Api-Key (<see cref="ApiKeyAuthenticationHandler"/>).</summary>
    public const string ServerApi = "server-api";

    public static IServiceCollection AddChatPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(ServerApi, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireRole(ApiKeyAuthenticationHandler.ServiceRole));
        return services;
    }
}
