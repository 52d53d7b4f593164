using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Orleans.Chat.Testing;

/// <summary>Client JWTs minted by the tests (HS256), valid or deliberately broken.</summary>
public static class TestTokens
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>
    /// A token for <paramref name="userId"/> (no sub claim when null), signed with <paramref name="signingKey"/>;
    /// valid from ten minutes ago until <paramref name="expires"/> (default: in an hour), or with no exp
    /// claim at all when <paramref name="withExpiry"/> is false.
    /// </summary>
    public static string Create(
        string signingKey,
        string? userId,
        string? name = null,
        string? issuer = null,
        string? audience = null,
        DateTime? expires = null,
        bool withExpiry = true)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>();
        if (userId is not null)
        {
            claims[JwtRegisteredClaimNames.Sub] = userId;
        }

        if (name is not null)
        {
            claims[JwtRegisteredClaimNames.Name] = name;
        }

        var expiry = expires ?? now.AddHours(1);
        var notBefore = expiry < now ? expiry.AddMinutes(-10) : now.AddMinutes(-10);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore,
            NotBefore = notBefore,
            Expires = withExpiry ? expiry : null,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(),
        });
    }
}
