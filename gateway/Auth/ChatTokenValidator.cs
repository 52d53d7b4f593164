using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>Validates client JWTs (HS256, optional issuer and audience, exp) into a <see cref="ChatUser"/> and the token's expiry.</summary>
public sealed class ChatTokenValidator
{
    private readonly byte[] _key;
    private readonly string? _issuer;
    private readonly string? _audience;
    private readonly bool _requireExpiration;
    private readonly TimeSpan _clockSkew;
    private readonly TimeProvider _time;

    public ChatTokenValidator(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider time)
    {
        var auth = options.Value;
        _key = keys.Key.Key;
        _issuer = string.IsNullOrEmpty(auth.Issuer) ? null : auth.Issuer;
        _audience = string.IsNullOrEmpty(auth.Audience) ? null : auth.Audience;
        _requireExpiration = auth.RequireExpiration;
        _clockSkew = auth.ClockSkew;
        _time = time;
    }

    /// <summary>The request's token (?token= or Authorization: Bearer), validated; null when the request carries none.</summary>
    public TokenValidationOutcome? ValidateRequest(HttpRequest request) =>
        TokenSource.FromRequest(request) is { } token ? Validate(token) : null;

    public TokenValidationOutcome Validate(string token)
    {
        if (Hs256Jwt.Read(token, _key, _issuer, _audience, out var claims) is { } problem)
        {
            return TokenValidationOutcome.Failure(problem);
        }

        if (string.IsNullOrWhiteSpace(claims.Subject))
        {
            return TokenValidationOutcome.Failure(TokenFailures.MissingSubject);
        }

        if (!IdentityText.TryNormalizeId(claims.Subject, out var userId))
        {
            return TokenValidationOutcome.Failure(TokenFailures.InvalidSubject);
        }

        var expiresAt = AsInstant(claims.ExpiresAt);
        if (LifetimeProblem(AsInstant(claims.NotBefore), expiresAt) is { } lifetime)
        {
            return TokenValidationOutcome.Failure(lifetime);
        }

        return TokenValidationOutcome.Success(new ChatUser(userId, IdentityText.CleanName(claims.Name, userId)), expiresAt);
    }

    private string? LifetimeProblem(DateTimeOffset? notBefore, DateTimeOffset? expiresAt)
    {
        var now = _time.GetUtcNow();
        if (expiresAt is null)
        {
            return _requireExpiration ? TokenFailures.MissingExpiry : null;
        }

        // now - skew, not exp + skew: an exp near year 9999 would overflow DateTimeOffset.
        if (now - _clockSkew > expiresAt.Value)
        {
            return TokenFailures.Expired;
        }

        return notBefore is { } nbf && now + _clockSkew < nbf ? TokenFailures.NotYetValid : null;
    }

    private static DateTimeOffset? AsInstant(long? unixSeconds) =>
        unixSeconds is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
}
