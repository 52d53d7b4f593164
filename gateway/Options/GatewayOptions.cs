using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Gateway.Options;

/// <summary>Identity of this gateway and its heartbeats (section "Gateway").</summary>
public sealed class GatewayOptions : IValidatableObject
{
    public const string Section = "Gateway";

    /// <summary>Unique per running gateway; defaults to host name, process id and a random suffix.</summary>
    [Required]
    public string Id { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>How often presence leases and the gateway heartbeat are renewed. Keep it well under Presence:LeaseTtl.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Serve the demo web app at / and the JavaScript SDK at /sdk/.</summary>
    public bool DemoPage { get; set; } = true;

    /// <summary>
    /// Browser origins, besides the gateway's own, that may use /ws and /socket.io/ (e.g. "https://app.example.com");
    /// "*" allows any. Requests without an Origin header (servers, mobile apps) are not affected. See OriginGate.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long a gateway heartbeat counts in /api/stats.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan HeartbeatTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An allowed origin no browser would ever send (a path, a trailing slash, a typo) is refused at start.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AllowedOrigins
            .Where(origin => origin != "*" && !IsOrigin(origin))
            .Select(origin => new ValidationResult($"{Section}:AllowedOrigins entry '{origin}' is neither '*' nor an origin like https://host[:port]."));

    private static bool IsOrigin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.PathAndQuery == "/"
        && !value.EndsWith('/');
}

[OptionsValidator]
public sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;
