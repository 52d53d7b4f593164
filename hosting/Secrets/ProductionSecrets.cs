using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Hosting;

/// <summary>
/// Stops a process from starting outside Development with a configured secret that
/// <see cref="SecretStrength"/> finds weak. Unset keys are left to their own checks (a missing
/// signing key has its own message). Messages name the key, never its value.
/// </summary>
public static class ProductionSecrets
{
    public static void EnsureStrong(IConfiguration configuration, IHostEnvironment environment, params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.IsDevelopment())
        {
            return;
        }

        var failures = new StringBuilder();
        foreach (var key in keys)
        {
            if (configuration[key] is { Length: > 0 } secret && SecretStrength.Weakness(secret) is { } weakness)
            {
                failures.Append($" {key} {weakness}.");
            }
        }

        if (failures.Length > 0)
        {
            throw new OptionsValidationException(nameof(ProductionSecrets), typeof(IConfiguration),
                [$"Refusing to start in {environment.EnvironmentName} with a weak secret:{failures} Generate each one, e.g. `openssl rand -base64 48`."]);
        }
    }
}
