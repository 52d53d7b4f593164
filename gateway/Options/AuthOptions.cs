using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using System.Text;

namespace Orleans.Chat.Gateway.Options;

/// <summary>Client JWT settings (section "Auth").</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string Section = "Auth";

    /// <summary>The shortest signing key accepted, in UTF-8 bytes: HS256 wants a key as long as its hash.</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>HS256 key, at least 32 bytes of UTF-8. Required outside Development.</summary>
    public string? SigningKey { get; set; }

    public string? Issuer { get; set; }
    public string? Audience { get; set; }

    /// <summary>Refuse client tokens without an exp claim: a token that never expires cannot be revoked by waiting.</summary>
    public bool RequireExpiration { get; set; } = true;

    /// <summary>How long before its token's exp a connection gets token-expiring, its cue to send refresh-token.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Tolerance for exp/nbf between clocks; a connection whose token was not refreshed is closed at exp + this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of tokens made by POST /auth/dev-token.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Tokens one client address may get from POST /auth/dev-token per minute (Development only).</summary>
    [Range(1, 1_000_000)]
    public int DevTokensPerMinute { get; set; } = 30;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(SigningKey) && Encoding.UTF8.GetByteCount(SigningKey) < MinSigningKeyBytes)
        {
            yield return new ValidationResult($"{Section}:SigningKey must be at least {MinSigningKeyBytes} bytes for HS256.");
        }
    }
}

[OptionsValidator]
public sealed partial class AuthOptionsValidator : IValidateOptions<AuthOptions>;
