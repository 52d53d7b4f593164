using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>Lease lengths of presence and of pending-message claims (section "Presence").</summary>
public sealed class PresenceOptions
{
    public const string SectionName = "Presence";

    /// <summary>How long a gateway's connections count without a renewal.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a connection's claim on queued private messages blocks other connections.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PendingClaimLease { get; set; } = TimeSpan.FromSeconds(30);
}

[OptionsValidator]
internal sealed partial class PresenceOptionsValidator : IValidateOptions<PresenceOptions>;
