using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>The gateway lease (section "Presence"): how long a gateway's users and subscriptions count without a renewal; and how often online counts reach the stats.</summary>
public sealed class PresenceOptions : IValidatableObject
{
    public const string SectionName = "Presence";

    /// <summary>How long a gateway's lease lasts without a renewal; its users go offline and its subscriptions end when it lapses.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often each silo asks the gateway registry which of the gateways its grains depend on have lapsed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan GatewayCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often each silo sends its batched change of online users to the stats grain (none when nothing changed).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan StatsFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a user grain stays active without a call. Connections keep nothing in it (presence lives in the
    /// partitions), so an idle connected user holds no activation past this; the next event activates it again.
    /// At least a minute, Orleans' collection quantum.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan UserIdleLifetime { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GatewayCheckInterval >= LeaseTtl)
        {
            yield return new ValidationResult(
                $"{SectionName}:GatewayCheckInterval ({GatewayCheckInterval}) must be shorter than {SectionName}:LeaseTtl ({LeaseTtl}).",
                [nameof(GatewayCheckInterval)]);
        }
    }
}

[OptionsValidator]
internal sealed partial class PresenceOptionsValidator : IValidateOptions<PresenceOptions>;
