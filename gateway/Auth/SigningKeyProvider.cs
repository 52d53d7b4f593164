using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>
/// The HS256 key for client tokens: the configured Auth:SigningKey, or in Development
/// only, a random key made at start so a newcomer can run the server with no setup.
/// </summary>
public sealed class SigningKeyProvider
{
    public const int MinKeyBytes = AuthOptions.MinSigningKeyBytes;

    public SigningKeyProvider(IOptions<AuthOptions> options, IHostEnvironment environment)
    {
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrEmpty(configured))
        {
            Key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));
            IsGenerated = false;
        }
        else if (environment.IsDevelopment())
        {
            Key = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(MinKeyBytes));
            IsGenerated = true;
        }
        else
        {
            throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                ["Auth:SigningKey is not set. Set it (environment variable Auth__SigningKey, at least 32 bytes) " +
                "or run with ASPNETCORE_ENVIRONMENT=Development to use a generated key."]);
        }
    }

    public SymmetricSecurityKey Key { get; }

    /// <summary>True when the key was generated for this process (Development without a configured key).</summary>
    public bool IsGenerated { get; }
}
