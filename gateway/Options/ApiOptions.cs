using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using System.Text;

namespace Orleans.Chat.Gateway.Options;

/// <summary>Server HTTP API settings (section "Api").</summary>
public sealed class ApiOptions : IValidatableObject
{
    public const string Section = "Api";

    /// <summary>The shortest API key accepted, in UTF-8 bytes.</summary>
    public const int MinKeyBytes = 32;

    /// <summary>Value of the X-Api-Key header backend services send, at least 32 bytes. Unset: the server API is disabled.</summary>
    public string? Key { get; set; }

    /// <summary>Requests to /api/* one client address may make per minute (with the right key, and separately with a wrong or no key).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerMinute { get; set; } = 600;

    /// <summary>How long GET /api/stats and /health/ready reuse the cluster's answer: one grain call per interval, however many requests.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan StatsCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest JSON body of a server API request, in bytes; larger is 413 payload_too_large.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Serve the OpenAPI document of the server API at /openapi/v1.json (public: it holds no secrets).</summary>
    public bool OpenApi { get; set; } = true;

    /// <summary>A key too short to resist guessing is refused at start (weak-looking ones too, outside Development: ProductionSecrets).</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(Key) && Encoding.UTF8.GetByteCount(Key) < MinKeyBytes)
        {
            yield return new ValidationResult($"{Section}:Key must be at least {MinKeyBytes} bytes (e.g. `openssl rand -base64 48`).");
        }
    }
}

[OptionsValidator]
public sealed partial class ApiOptionsValidator : IValidateOptions<ApiOptions>;
