using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Files;

/// <summary>Checks a new upload's fields before any grain call: kinds and lengths here, the rest in the file grain.</summary>
internal static class UploadStartRequests
{
    private const int MaxNameLength = 255;
    private const int MaxMimeTypeLength = 255;
    private const int Sha256HexLength = 64;

    /// <summary>
    /// The grain request; null with <paramref name="error"/>: invalid_format for a missing or malformed field
    /// (both or neither of roomId and withUserId, size below 1, sha256 not 64 hex digits), "File too large"
    /// over Files:MaxBytes (refused here, without a grain call).
    /// </summary>
    public static UploadStartRequest? TryCreate(UserRef uploader, UploadStartPayload payload, long maxBytes, out ErrorPayload? error)
    {
        error = ClientErrors.InvalidFormat;
        var scope = ScopeOf(payload);
        if (scope is null
            || payload.Name is not { Length: > 0 and <= MaxNameLength } name
            || payload.MimeType is not { Length: > 0 and <= MaxMimeTypeLength } mimeType
            || payload.Size is not { } size || size < 1
            || !TryReadSha256(payload.Sha256, out var sha256))
        {
            return null;
        }

        if (size > maxBytes)
        {
            error = ClientErrors.FileTooLarge;
            return null;
        }

        error = null;
        return new UploadStartRequest
        {
            Uploader = uploader,
            Scope = scope,
            Name = name,
            Size = size,
            MimeType = mimeType,
            Sha256 = sha256,
        };
    }

    private static FileScope? ScopeOf(UploadStartPayload payload)
    {
        if ((payload.RoomId is null) == (payload.WithUserId is null))
        {
            return null;
        }

        if (payload.RoomId is not null)
        {
            return IdentityText.TryNormalizeId(payload.RoomId, out var roomId) ? new FileScope { RoomId = roomId } : null;
        }

        return IdentityText.TryNormalizeId(payload.WithUserId, out var userId) ? new FileScope { WithUserId = userId } : null;
    }

    /// <summary>Absent is fine; else 64 hex digits, kept lowercase.</summary>
    private static bool TryReadSha256(string? value, out string? sha256)
    {
        sha256 = null;
        if (value is null)
        {
            return true;
        }

        if (value.Length != Sha256HexLength || !value.All(char.IsAsciiHexDigit))
        {
            return false;
        }

        sha256 = value.ToLowerInvariant();
        return true;
    }
}
