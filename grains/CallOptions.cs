using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Grains;

/// <summary>Call signaling timing (section "Calls"), read by the call grains.</summary>
public sealed class CallOptions
{
    public const string SectionName = "Calls";

    /// <summary>An unanswered call ends with no-answer (and a missed call) after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a call checks that both parties' gateways still hold their users' presence leases (a crashed gateway ends its calls as disconnected).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LivenessInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>ICE candidates of the caller held for the callee until it answers; more are dropped.</summary>
    [Range(1, 1000)]
    public int MaxBufferedCandidates { get; set; } = 64;
}

[OptionsValidator]
public sealed partial class CallOptionsValidator : IValidateOptions<CallOptions>;
