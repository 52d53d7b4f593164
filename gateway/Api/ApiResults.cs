using System.Buffers.Text;
using System.Text;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Api;

/// <summary>The error answers of the HTTP API ({error, code} bodies) and its paging parameters.</summary>
public static class ApiResults
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static readonly ErrorPayload RoomNotFound = new("Room not found", "not_found");

    public static IResult PayloadTooLarge { get; } =
        Results.Json(ClientErrors.PayloadTooLarge, ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult BadRequest(ErrorPayload error) =>
        Results.Json(error, ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status400BadRequest);

    public static IResult NotFound(ErrorPayload error) =>
        Results.Json(error, ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status404NotFound);

    public static IResult Ok<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => Results.Json(value, type);

    /// <summary>A grain's refusal: 404 for an unknown room, message or member, 403 for a refused action, else 400.</summary>
    public static IResult From(ChatError error, ErrorPayload? notFound = null) => error switch
    {
        ChatError.NotFound => NotFound(notFound ?? ClientErrors.NotFound),
        ChatError.NotAllowed => Results.Json(ClientErrors.NotAllowed, ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status403Forbidden),
        ChatError.Unavailable => Results.Json(ClientErrors.Unavailable, ChatJsonContext.Default.ErrorPayload, statusCode: StatusCodes.Status503ServiceUnavailable),
        _ => BadRequest(ClientErrors.From(error)),
    };

    /// <summary>limit: absent is the default; a whole number from 1, capped at <see cref="MaxPageSize"/>.</summary>
    public static bool TryReadLimit(string? text, out int limit)
    {
        limit = DefaultPageSize;
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            return false;
        }

        limit = Math.Min(value, MaxPageSize);
        return true;
    }

    /// <summary>Cursors are opaque to callers: base64url of a position only this API writes.</summary>
    public static string EncodeCursor(string position) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(position));

    public static bool TryDecodeCursor(string? cursor, out string? position)
    {
        position = null;
        if (cursor is null)
        {
            return true;
        }

        // A position is "<partition>:<user id>" at most: anything longer was not written by us.
        if (cursor.Length > 4 * (IdentityText.MaxIdLength + 16) || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        try
        {
            position = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
            return position.Length > 0;
        }
        catch (Exception exception) when (exception is FormatException or DecoderFallbackException)
        {
            return false;
        }
    }
}
