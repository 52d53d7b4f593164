using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;

namespace Orleans.Chat.Gateway.Api;

/// <summary>Rejects at start an API key too short to resist guessing.</summary>
public sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        if (!string.IsNullOrEmpty(options.Key) && Encoding.UTF8.GetByteCount(options.Key) < ApiOptions.MinKeyBytes)
        {
            return ValidateOptionsResult.Fail($"Api:Key must be at least {ApiOptions.MinKeyBytes} bytes (e.g. `openssl rand -base64 48`).");
        }

        return ValidateOptionsResult.Success;
    }
}
