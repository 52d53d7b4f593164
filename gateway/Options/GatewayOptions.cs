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

    /// <summary>How often the gateway renews its one lease (and its heartbeat). Keep it well under Presence:LeaseTtl.</summary>
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

    /// <summary>The event names room-event accepts (a .NET regular expression, matched with a timeout).</summary>
    [Required]
    public string RoomEventPattern { get; set; } = DefaultRoomEventPattern;

    public const string DefaultRoomEventPattern = "^[a-z][a-z0-9-]{0,63}$";

    /// <summary>
    /// An allowed origin no browser would ever send (a path, a trailing slash, a typo) and a room-event
    /// pattern that is no regular expression are refused at start.
    /// </summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins.Where(origin => origin != "*" && !IsOrigin(origin)))
        {
            yield return new ValidationResult($"{Section}:AllowedOrigins entry '{origin}' is neither '*' nor an origin like https://host[:port].");
        }

        if (RoomEventPattern is not null && !IsRegex(RoomEventPattern))
        {
            yield return new ValidationResult($"{Section}:RoomEventPattern '{RoomEventPattern}' is not a valid regular expression.");
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsOrigin(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.PathAndQuery == "/"
        && !value.EndsWith('/');
}

[OptionsValidator]
public sealed partial class GatewayOptionsValidator : IValidateOptions<GatewayOptions>;
