using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;
using Orleans.Chat.Gateway.Wire;

namespace Orleans.Chat.Gateway.Api;

/// <summary>
/// Reads a JSON request body of the HTTP API, at most <c>Api:MaxBodyBytes</c>: a larger one is refused
/// 413 payload_too_large before it is buffered (by its Content-Length, or by Kestrel's body limit
/// while it streams in), a malformed one or one with wrongly typed fields 400 invalid_format.
/// </summary>
public readonly record struct ApiBody<T>(T? Value, IResult? Error) where T : class
{
    public static async Task<ApiBody<T>> ReadAsync(HttpRequest request, JsonTypeInfo<T> type, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return new(null, ApiResults.PayloadTooLarge);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync(request.Body, type, request.HttpContext.RequestAborted);
            return value is null ? new(null, ApiResults.BadRequest(ClientErrors.InvalidFormat)) : new(value, null);
        }
        catch (JsonException)
        {
            return new(null, ApiResults.BadRequest(ClientErrors.InvalidFormat));
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, ApiResults.PayloadTooLarge);
        }
    }
}
