using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Auth;

/// <summary>Rejects at start a signing key too short for HS256.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (!string.IsNullOrEmpty(options.SigningKey) && Encoding.UTF8.GetByteCount(options.SigningKey) < SigningKeyProvider.MinKeyBytes)
        {
            return ValidateOptionsResult.Fail($"Auth:SigningKey must be at least {SigningKeyProvider.MinKeyBytes} bytes for HS256.");
        }

        return ValidateOptionsResult.Success;
    }
}
