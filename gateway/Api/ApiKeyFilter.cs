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

        if (!Matches(presented, configured))
        {
            return Results.Json(ClientErrors.AuthFailed("invalid API key"), ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context);
    }

    /// <summary>
    /// Constant time in the keys' contents and lengths: hashes of equal length are compared, so
    /// neither a wrong prefix nor a wrong length answers sooner.
    /// </summary>
    public static bool Matches(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(configured)));
}
