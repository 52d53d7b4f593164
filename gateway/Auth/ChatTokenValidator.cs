using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>Validates client JWTs (HS256, optional issuer and audience, exp) into a <see cref="ChatUser"/> and the token's expiry.</summary>
public sealed class ChatTokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;
    private readonly bool _requireExpiration;
    private readonly TimeSpan _clockSkew;
    private readonly TimeProvider _time;

    public ChatTokenValidator(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider time)
    {
        var auth = options.Value;
        _parameters = new TokenValidationParameters
        {
            IssuerSigningKey = keys.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuerSigningKey = true,
            ValidateIssuer = !string.IsNullOrEmpty(auth.Issuer),
            ValidIssuer = auth.Issuer,
            ValidateAudience = !string.IsNullOrEmpty(auth.Audience),
            ValidAudience = auth.Audience,
            // Checked below against the gateway's clock, which also times each connection's expiry.
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
        _requireExpiration = auth.RequireExpiration;
        _clockSkew = auth.ClockSkew;
        _time = time;
    }

    /// <summary>The request's token (?token= or Authorization: Bearer), validated; null when the request carries none.</summary>
    public async Task<TokenValidationOutcome?> ValidateRequestAsync(HttpRequest request) =>
        TokenSource.FromRequest(request) is { } token ? await ValidateAsync(token) : null;

    public async Task<TokenValidationOutcome> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return TokenValidationOutcome.Failure(Describe(result.Exception));
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!TryReadIdentity(jwt, out var subject, out var rawName))
        {
            return TokenValidationOutcome.Failure("malformed token");
        }

        if (string.IsNullOrWhiteSpace(subject))
        {
            return TokenValidationOutcome.Failure("missing sub claim");
        }

        if (!IdentityText.TryNormalizeId(subject, out var userId))
        {
            return TokenValidationOutcome.Failure("invalid sub");
        }

        var name = IdentityText.CleanName(rawName, userId);
        var expiresAt = AsInstant(jwt.ValidTo);
        if (LifetimeProblem(AsInstant(jwt.ValidFrom), expiresAt) is { } problem)
        {
            return TokenValidationOutcome.Failure(problem);
        }

        return TokenValidationOutcome.Success(new ChatUser(userId, name), expiresAt);
    }

    /// <summary>
    /// The sub and name claims (null when absent or not text), read from the payload without building
    /// the dictionary of every claim. False when the library cannot read them: a signed payload can hold
    /// JSON that parses but is not text, such as an escaped lone surrogate ("\ud800"), and reading it throws.
    /// </summary>
    private static bool TryReadIdentity(JsonWebToken jwt, out string? subject, out string? name)
    {
        try
        {
            subject = jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Sub, out var sub) ? sub : null;
            name = jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Name, out var n) ? n : null;
            return true;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.Text.Json.JsonException or ArgumentException or FormatException)
        {
            (subject, name) = (null, null);
            return false;
        }
    }

    private string? LifetimeProblem(DateTimeOffset? notBefore, DateTimeOffset? expiresAt)
    {
        var now = _time.GetUtcNow();
        if (expiresAt is null)
        {
            return _requireExpiration ? "missing exp" : null;
        }

        // now - skew, not exp + skew: an exp near year 9999 would overflow DateTimeOffset.
        if (now - _clockSkew > expiresAt.Value)
        {
            return "token expired";
        }

        return notBefore is { } nbf && now + _clockSkew < nbf ? "token not yet valid" : null;
    }

    /// <summary>The token's exp or nbf, or null when the claim is absent (the library reports MinValue).</summary>
    private static DateTimeOffset? AsInstant(DateTime value) =>
        value == DateTime.MinValue ? null : new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    // Short, stable reasons for clients; never the token or the library's full message.
    private static string Describe(Exception? error) => error switch
    {
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "invalid signature",
        SecurityTokenInvalidAlgorithmException => "unsupported algorithm",
        SecurityTokenInvalidIssuerException => "invalid issuer",
        SecurityTokenInvalidAudienceException => "invalid audience",
        SecurityTokenMalformedException or ArgumentException => "malformed token",
        _ => "invalid token",
    };
}
