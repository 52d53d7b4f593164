using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Gateway.Admin;

/// <summary>
/// The Socket.IO Admin UI namespace "/admin" (section "Admin"). It exists only when <see cref="Username"/> and
/// <see cref="Password"/> are both set: an operator surface is never open by default.
/// </summary>
public sealed partial class AdminOptions : IValidatableObject
{
    public const string Section = "Admin";
    public const string Namespace = "/admin";

    public string? Username { get; set; }

    /// <summary>A bcrypt hash ($2a$/$2b$/$2y$), e.g. from `htpasswd -bnBC 10 "" secret | tr -d ':\n'`.</summary>
    public string? Password { get; set; }

    /// <summary>"development": socket list, room changes and events; "production": aggregated stats only.</summary>
    [RegularExpression("^(development|production)$")]
    public string Mode { get; set; } = "development";

    /// <summary>No disconnect / leave actions from the UI.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>Admin UI connections at once on this gateway.</summary>
    [Range(1, 1000)]
    public int MaxConnections { get; set; } = 16;

    /// <summary>bcrypt checks running at once (each costs tens of milliseconds of CPU).</summary>
    [Range(1, 64)]
    public int MaxConcurrentVerifications { get; set; } = 2;

    /// <summary>Failed logins allowed per client address within <see cref="FailureWindow"/>; more are refused unchecked.</summary>
    [Range(1, 1000)]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often server_stats goes to the UI.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>event_received / event_sent forwarded per second (development mode); the rest are dropped.</summary>
    [Range(0, 100_000)]
    public int MaxEventsPerSecond { get; set; } = 200;

    public bool Enabled => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password);

    public bool IsDevelopment => Mode == "development";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult($"{Section}:Username and {Section}:Password are set together (or neither, to turn the admin namespace off).");
        }

        if (!string.IsNullOrEmpty(Password) && !IsBcryptHash(Password))
        {
            yield return new ValidationResult($"{Section}:Password must be a bcrypt hash (e.g. `htpasswd -bnBC 10 \"\" <password> | tr -d ':\\n'`), not the password itself.");
        }
    }

    /// <summary>$2a$ / $2b$ / $2y$, a cost of 04-31, then 53 characters of salt and hash (what BCrypt.Verify accepts).</summary>
    [GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$")]
    private static partial Regex BcryptHash();

    private static bool IsBcryptHash(string value) => BcryptHash().IsMatch(value);
}

[OptionsValidator]
public sealed partial class AdminOptionsValidator : IValidateOptions<AdminOptions>;
