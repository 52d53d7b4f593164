using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.Chat.Bench.SignalR;

/// <summary>
/// The hub behind JWT bearer authentication, as a production SignalR app would run it (the bench's
/// <c>signalr-jwt</c> target sets BENCH_SIGNALR_JWT_KEY): HS256 with the same key form and claims as
/// Orleans.Chat's gateway, the token in ?access_token= as SignalR documents for WebSockets, the user id
/// from the sub claim. Without the variable the hub keeps its trivial check (the user id is the token).
/// </summary>
public static class JwtAuthentication
{
    public const string KeyVariable = "BENCH_SIGNALR_JWT_KEY";

    public static string? Key { get; } = Environment.GetEnvironmentVariable(KeyVariable) is { Length: > 0 } key ? key : null;

    public static void AddBenchJwt(this IServiceCollection services, string key)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = false,
                ValidateAudience = false,
                NameClaimType = "sub",
            };
            options.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.Request.Query["access_token"].ToString() is { Length: > 0 } token)
                    {
                        context.Token = token;
                    }

                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorization();
    }
}
