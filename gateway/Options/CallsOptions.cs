using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Gateway.Options;

/// <summary>
/// What GET /api/ice-servers lists (section "Calls"; the call grains read their timing from the same
/// section, see grains/CallOptions.cs): STUN urls, and TURN urls with time-limited credentials made from
/// a secret shared with the TURN server (the TURN REST convention, coturn's use-auth-secret).
/// </summary>
public sealed class CallsOptions : IValidatableObject
{
    public const string Section = "Calls";

    /// <summary>The shortest TURN secret accepted, in UTF-8 bytes (weak-looking ones are refused outside Development: ProductionSecrets).</summary>
    public const int MinTurnSecretBytes = 32;

    /// <summary>STUN servers for the clients, e.g. "stun:stun.example.com:3478".</summary>
    public string[] StunUrls { get; set; } = [];

    /// <summary>TURN servers, e.g. "turn:turn.example.com:3478?transport=udp", "turns:turn.example.com:5349".</summary>
    public string[] TurnUrls { get; set; } = [];

    /// <summary>coturn's static-auth-secret. Required with <see cref="TurnUrls"/>.</summary>
    public string? TurnSecret { get; set; }

    /// <summary>How long the TURN credentials of one /api/ice-servers answer stay valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00")]
    public TimeSpan TurnCredentialTtl { get; set; } = TimeSpan.FromHours(1);

    public bool HasTurn => TurnUrls.Length > 0 && !string.IsNullOrEmpty(TurnSecret);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var url in StunUrls.Where(url => !HasScheme(url, "stun:", "stuns:")))
        {
            yield return new ValidationResult($"{Section}:StunUrls entry '{url}' is not a stun: or stuns: url.");
        }

        foreach (var url in TurnUrls.Where(url => !HasScheme(url, "turn:", "turns:")))
        {
            yield return new ValidationResult($"{Section}:TurnUrls entry '{url}' is not a turn: or turns: url.");
        }

        // TURN urls without credentials would fail every allocation: refuse rather than hand them out.
        if (TurnUrls.Length > 0 && string.IsNullOrEmpty(TurnSecret))
        {
            yield return new ValidationResult($"{Section}:TurnUrls needs {Section}:TurnSecret (the TURN server's static-auth-secret).");
        }

        if (!string.IsNullOrEmpty(TurnSecret) && Encoding.UTF8.GetByteCount(TurnSecret) < MinTurnSecretBytes)
        {
            yield return new ValidationResult($"{Section}:TurnSecret must be at least {MinTurnSecretBytes} bytes (e.g. `openssl rand -base64 48`).");
        }
    }

    private static bool HasScheme(string? url, string scheme, string secureScheme) =>
        url is { Length: > 6 }
        && (url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || url.StartsWith(secureScheme, StringComparison.OrdinalIgnoreCase))
        && !url.Any(char.IsWhiteSpace);
}

[OptionsValidator]
public sealed partial class CallsOptionsValidator : IValidateOptions<CallsOptions>;
