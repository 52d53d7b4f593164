using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Hosting.Metrics;

/// <summary>The Prometheus endpoint /metrics of a gateway or silo (section "Metrics").</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>False: no metrics are collected and /metrics is not served.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// True: /metrics answers only requests with Api:Key (X-Api-Key, or Authorization: Bearer for Prometheus),
    /// and is not served at all while Api:Key is unset. False: open to whoever reaches the port.
    /// </summary>
    public bool RequireApiKey { get; set; } = true;

    /// <summary>Unset: /metrics on the app's own port. Set: on this port only, which serves nothing else.</summary>
    [Range(1, 65535)]
    public int? Port { get; set; }
}

[OptionsValidator]
internal sealed partial class MetricsOptionsValidator : IValidateOptions<MetricsOptions>;
