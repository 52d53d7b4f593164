using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>Makes client tokens for POST /auth/dev-token (Development only).</summary>
public sealed class DevTokenIssuer(SigningKeyProvider keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(string userId, string? name)
    {
        var auth = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = userId };
        if (!string.IsNullOrWhiteSpace(name))
        {
            claims[JwtRegisteredClaimNames.Name] = name;
        }

        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + auth.DevTokenLifetime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(),
        });
    }
}
