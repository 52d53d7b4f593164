using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Api;

/// <summary>Admits server API calls that carry the configured X-Api-Key.</summary>
public sealed class ApiKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var configured = options.Value.Key;
        if (string.IsNullOrEmpty(configured))
        {
            return Results.Json(new ErrorPayload("Server API disabled: set Api:Key", "api_disabled"), ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status403Forbidden);
        }

        var presented = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            return Results.Json(ClientErrors.AuthRequired, ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(configured)))
        {
            return Results.Json(ClientErrors.AuthFailed("invalid API key"), ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }
}
