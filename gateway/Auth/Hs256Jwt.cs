using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>The claims of a verified token that the gateway reads; times in Unix seconds, null when absent.</summary>
public readonly record struct JwtIdentity(string? Subject, string? Name, long? ExpiresAt, long? NotBefore);

/// <summary>
/// Verifies an HS256-signed JWT (JWS compact serialization) and reads the claims the gateway uses, in one
/// pass over stack or pooled buffers. The only algorithm is HS256 and the only key the configured one, so
/// there is nothing to look up and no algorithm to negotiate: every other "alg" is refused before any
/// signature is computed, and the payload is read only after its signature checked out.
/// </summary>
/// <remarks>
/// Replaces Microsoft.IdentityModel's JsonWebTokenHandler on the connect path, where it was 4 % of a
/// connect's CPU and about a tenth of its allocations (a claim set, a cloned parameter set and a cache key
/// string per token). Strict where the standards leave room: the three parts must be unpadded base64url,
/// a "crit" header is refused (no extension is understood), the claims read here may appear once, and
/// trailing data after either JSON object is malformed. The fuzz properties in Orleans.Chat.Fuzz.Tests
/// check every acceptance against an independent HS256 check.
/// </remarks>
public static class Hs256Jwt
{
    /// <summary>Longer tokens are malformed (Microsoft.IdentityModel's default limit is 250 kB too).</summary>
    public const int MaxTokenChars = 250 * 1024;

    private const int SignatureBytes = 32;
    private const int StackLimit = 1024;

    private static readonly SearchValues<char> Base64UrlChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    [ThreadStatic]
    private static IncrementalHash? t_mac;

    [ThreadStatic]
    private static byte[]? t_macKey;

    /// <summary>
    /// Null when <paramref name="token"/> is HS256-signed with <paramref name="key"/>, well formed, and (when
    /// given) has the issuer and an audience; otherwise the short reason. Lifetime and subject rules are the caller's.
    /// </summary>
    public static string? Read(string token, byte[] key, string? issuer, string? audience, out JwtIdentity identity)
    {
        identity = default;
        if (token.Length > MaxTokenChars || !TrySplit(token, out var headerEnd, out var payloadEnd))
        {
            return TokenFailures.Malformed;
        }

        var chars = token.AsSpan();
        var header = chars[..headerEnd];
        var payload = chars[(headerEnd + 1)..payloadEnd];
        var signature = chars[(payloadEnd + 1)..];

        if (ReadHeader(header) is { } headerProblem)
        {
            return headerProblem;
        }

        if (!SignatureMatches(chars[..payloadEnd], signature, key))
        {
            return TokenFailures.InvalidSignature;
        }

        var rented = payload.Length > StackLimit ? ArrayPool<byte>.Shared.Rent(Base64Url.GetMaxDecodedLength(payload.Length)) : null;
        try
        {
            Span<byte> buffer = rented ?? stackalloc byte[StackLimit];
            return TryDecode(payload, buffer, out var length)
                ? ReadPayload(buffer[..length], issuer, audience, out identity)
                : TokenFailures.Malformed;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>Three parts (header and payload not empty) of base64url characters only: no padding, no white space.</summary>
    private static bool TrySplit(string token, out int headerEnd, out int payloadEnd)
    {
        headerEnd = token.IndexOf('.');
        payloadEnd = headerEnd < 0 ? -1 : token.IndexOf('.', headerEnd + 1);
        return headerEnd > 0
            && payloadEnd > headerEnd + 1
            && token.AsSpan(payloadEnd + 1).IndexOf('.') < 0
            && !token.AsSpan(0, headerEnd).ContainsAnyExcept(Base64UrlChars)
            && !token.AsSpan(headerEnd + 1, payloadEnd - headerEnd - 1).ContainsAnyExcept(Base64UrlChars)
            && !token.AsSpan(payloadEnd + 1).ContainsAnyExcept(Base64UrlChars);
    }

    /// <summary>
    /// Unpadded base64url (the characters are checked already) into <paramref name="destination"/>; false when it
    /// does not fit or the length is impossible (4n + 1), where the decoder would throw instead.
    /// </summary>
    private static bool TryDecode(ReadOnlySpan<char> encoded, Span<byte> destination, out int length)
    {
        length = 0;
        if (encoded.Length % 4 == 1)
        {
            return false;
        }

        try
        {
            return Base64Url.TryDecodeFromChars(encoded, destination, out length);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The header must be a JSON object with "alg": "HS256" (once) and no "crit".</summary>
    private static string? ReadHeader(ReadOnlySpan<char> encoded)
    {
        Span<byte> buffer = stackalloc byte[StackLimit];
        if (encoded.Length > StackLimit || !TryDecode(encoded, buffer, out var length))
        {
            return TokenFailures.Malformed;
        }

        try
        {
            var reader = new Utf8JsonReader(buffer[..length]);
            ExpectObject(ref reader);
            var algorithm = false;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("alg"u8))
                {
                    reader.Read();
                    if (algorithm)
                    {
                        return TokenFailures.Malformed;
                    }

                    algorithm = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("HS256"u8);
                    if (!algorithm)
                    {
                        return TokenFailures.UnsupportedAlgorithm;
                    }
                }
                else if (reader.ValueTextEquals("crit"u8))
                {
                    return TokenFailures.Invalid;
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            ExpectEnd(ref reader);
            return algorithm ? null : TokenFailures.UnsupportedAlgorithm;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return TokenFailures.Malformed;
        }
    }

    private static bool SignatureMatches(ReadOnlySpan<char> signedPart, ReadOnlySpan<char> encodedSignature, byte[] key)
    {
        Span<byte> presented = stackalloc byte[SignatureBytes + 3];
        if (!TryDecode(encodedSignature, presented, out var length) || length != SignatureBytes)
        {
            return false;
        }

        var rented = signedPart.Length > StackLimit ? ArrayPool<byte>.Shared.Rent(signedPart.Length) : null;
        try
        {
            Span<byte> input = rented ?? stackalloc byte[StackLimit];
            var inputLength = Encoding.ASCII.GetBytes(signedPart, input);
            Span<byte> expected = stackalloc byte[SignatureBytes];
            var mac = MacOf(key);
            mac.AppendData(input[..inputLength]);
            mac.TryGetHashAndReset(expected, out _);
            return CryptographicOperations.FixedTimeEquals(expected, presented[..SignatureBytes]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented, clearArray: true);
            }
        }
    }

    /// <summary>
    /// This thread's HMAC of <paramref name="key"/>, reused from token to token: a one-shot HMAC sets up its
    /// key for every call, half of the time of checking a token (about 1 µs of 2).
    /// </summary>
    private static IncrementalHash MacOf(byte[] key)
    {
        if (!ReferenceEquals(t_macKey, key) || t_mac is null)
        {
            t_mac?.Dispose();
            t_mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            t_macKey = key;
        }

        return t_mac;
    }

    private static string? ReadPayload(ReadOnlySpan<byte> json, string? issuer, string? audience, out JwtIdentity identity)
    {
        identity = default;
        string? subject = null, name = null;
        long? expiresAt = null, notBefore = null;
        var seen = Claims.None;
        var issuerMatched = issuer is null;
        var audienceMatched = audience is null;
        try
        {
            var reader = new Utf8JsonReader(json);
            ExpectObject(ref reader);
            while (NextProperty(ref reader))
            {
                var claim = ClaimOf(ref reader);
                reader.Read();
                if (claim != Claims.None && !Mark(ref seen, claim))
                {
                    return TokenFailures.Malformed;
                }

                switch (claim)
                {
                    case Claims.Subject:
                        subject = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case Claims.Name:
                        name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        break;
                    case Claims.ExpiresAt:
                        if (!TryReadTime(ref reader, out expiresAt))
                        {
                            return TokenFailures.Malformed;
                        }

                        break;
                    case Claims.NotBefore:
                        if (!TryReadTime(ref reader, out notBefore))
                        {
                            return TokenFailures.Malformed;
                        }

                        break;
                    case Claims.Issuer:
                        issuerMatched |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(issuer);
                        break;
                    case Claims.Audience:
                        audienceMatched |= audience is not null && HasAudience(ref reader, audience);
                        break;
                }

                reader.Skip();
            }

            ExpectEnd(ref reader);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is valid JSON but not valid UTF-16 (an escaped lone surrogate).
            return TokenFailures.Malformed;
        }

        if (!issuerMatched)
        {
            return TokenFailures.InvalidIssuer;
        }

        if (!audienceMatched)
        {
            return TokenFailures.InvalidAudience;
        }

        identity = new JwtIdentity(subject, name, expiresAt, notBefore);
        return null;
    }

    [Flags]
    private enum Claims
    {
        None = 0,
        Subject = 1,
        Name = 2,
        ExpiresAt = 4,
        NotBefore = 8,
        Issuer = 16,
        Audience = 32,
    }

    private static Claims ClaimOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("sub"u8) ? Claims.Subject
        : reader.ValueTextEquals("name"u8) ? Claims.Name
        : reader.ValueTextEquals("exp"u8) ? Claims.ExpiresAt
        : reader.ValueTextEquals("nbf"u8) ? Claims.NotBefore
        : reader.ValueTextEquals("iss"u8) ? Claims.Issuer
        : reader.ValueTextEquals("aud"u8) ? Claims.Audience
        : Claims.None;

    /// <summary>False when the claim was seen before: two values of one claim could be read differently elsewhere.</summary>
    private static bool Mark(ref Claims seen, Claims claim)
    {
        if ((seen & claim) != 0)
        {
            return false;
        }

        seen |= claim;
        return true;
    }

    /// <summary>
    /// A NumericDate: a number of seconds (a fraction is dropped), clamped to what <see cref="DateTimeOffset"/>
    /// holds; null is absent. Anything else is malformed.
    /// </summary>
    private static bool TryReadTime(ref Utf8JsonReader reader, out long? seconds)
    {
        seconds = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            return false;
        }

        var min = DateTimeOffset.MinValue.ToUnixTimeSeconds();
        var max = DateTimeOffset.MaxValue.ToUnixTimeSeconds();
        if (reader.TryGetInt64(out var whole))
        {
            seconds = Math.Clamp(whole, min, max);
            return true;
        }

        if (reader.TryGetDouble(out var value) && double.IsFinite(value))
        {
            seconds = value >= max ? max : value <= min ? min : (long)Math.Floor(value);
            return true;
        }

        return false;
    }

    /// <summary>"aud" as one string or an array of them, holding <paramref name="audience"/>.</summary>
    private static bool HasAudience(ref Utf8JsonReader reader, string audience)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.ValueTextEquals(audience);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var found = false;
        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            found |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(audience);
            reader.Skip();
        }

        return found;
    }

    private static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not an object");
        }
    }

    /// <summary>Moves to the next property name of the root object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName;

    /// <summary>The root object must have ended, with nothing after it.</summary>
    private static void ExpectEnd(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.EndObject || reader.CurrentDepth != 0 || reader.Read())
        {
            throw new JsonException("trailing data");
        }
    }
}
