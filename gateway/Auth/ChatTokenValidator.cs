using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>Validates client JWTs (HS256, optional issuer and audience, exp) into a <see cref="ChatUser"/>.</summary>
public sealed class ChatTokenValidator
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly TokenValidationParameters _parameters;

    public ChatTokenValidator(SigningKeyProvider keys, IOptions<AuthOptions> options)
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
            ValidateLifetime = true,
            RequireExpirationTime = false,
            ClockSkew = auth.ClockSkew,
        };
    }

    public async Task<TokenValidationOutcome> ValidateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return TokenValidationOutcome.Failure(Describe(result.Exception));
        }

        var subject = result.Claims.TryGetValue(JwtRegisteredClaimNames.Sub, out var sub) ? sub as string : null;
        if (string.IsNullOrWhiteSpace(subject))
        {
            return TokenValidationOutcome.Failure("missing sub claim");
        }

        if (!IdentityText.TryNormalizeId(subject, out var userId))
        {
            return TokenValidationOutcome.Failure("invalid sub");
        }

        var name = IdentityText.CleanName(result.Claims.TryGetValue(JwtRegisteredClaimNames.Name, out var n) ? n as string : null, userId);
        return TokenValidationOutcome.Success(new ChatUser(userId, name));
    }

    // Short, stable reasons for clients; never the token or the library's full message.
    private static string Describe(Exception? error) => error switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "invalid signature",
        SecurityTokenInvalidAlgorithmException => "unsupported algorithm",
        SecurityTokenInvalidIssuerException => "invalid issuer",
        SecurityTokenInvalidAudienceException => "invalid audience",
        SecurityTokenMalformedException or ArgumentException => "malformed token",
        _ => "invalid token",
    };
}
