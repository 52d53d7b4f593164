using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Hosting;

public enum ClusteringKind
{
    /// <summary>One silo on this machine (single-node mode).</summary>
    Localhost,

    /// <summary>Silos and gateways find each other through a Redis membership table.</summary>
    Redis,
}

public enum GrainStorageKind
{
    Memory,
    Redis,
}

/// <summary>How silos and gateways form a cluster and where grain state lives (section "Orleans").</summary>
public sealed class ChatClusterOptions : IValidatableObject
{
    public const string SectionName = "Orleans";

    /// <summary>
    /// Localhost (single node) or Redis (cluster). Not named "Clustering": Orleans reads
    /// Orleans:Clustering itself as a provider section.
    /// </summary>
    public ClusteringKind Membership { get; set; } = ClusteringKind.Localhost;
    public GrainStorageKind Storage { get; set; } = GrainStorageKind.Memory;

    [Required]
    public string ClusterId { get; set; } = "orleans-chat";

    [Required]
    public string ServiceId { get; set; } = "orleans-chat";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Address other silos and gateways reach this silo at; unset: the first non-loopback address.</summary>
    public string? AdvertisedIP { get; set; }

    /// <summary>Serve the Orleans Dashboard at /dashboard (silos, and single-node gateways).</summary>
    public bool Dashboard { get; set; } = true;

    /// <summary>Reads and validates the section now (it shapes the host as it is built); throws naming the offending key.</summary>
    public static ChatClusterOptions From(IConfiguration configuration)
    {
        var options = ValidatedOptions.Read<ChatClusterOptions, ChatClusterOptionsValidator>(configuration, SectionName);
        var needsRedis = options.Membership == ClusteringKind.Redis || options.Storage == GrainStorageKind.Redis;
        if (needsRedis && string.IsNullOrWhiteSpace(configuration[RedisConnection.ConnectionStringKey]))
        {
            throw new OptionsValidationException(SectionName, typeof(ChatClusterOptions),
                [$"{RedisConnection.ConnectionStringKey} is required when {SectionName}:Membership or {SectionName}:Storage is Redis."]);
        }

        return options;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AdvertisedIP is { } ip && !IPAddress.TryParse(ip, out _))
        {
            yield return new ValidationResult($"{SectionName}:AdvertisedIP '{ip}' is not an IP address.");
        }
    }
}

[OptionsValidator]
internal sealed partial class ChatClusterOptionsValidator : IValidateOptions<ChatClusterOptions>;
