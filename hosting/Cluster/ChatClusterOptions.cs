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
public sealed class ChatClusterOptions
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

    /// <summary>Reads and validates the section; throws with the offending key named.</summary>
    public static ChatClusterOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<ChatClusterOptions>() ?? new ChatClusterOptions();
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        var failures = errors.Select(error => $"{SectionName}: {error.ErrorMessage}").ToList();
        if (options.AdvertisedIP is { } ip && !IPAddress.TryParse(ip, out _))
        {
            failures.Add($"{SectionName}:AdvertisedIP '{ip}' is not an IP address.");
        }

        var needsRedis = options.Membership == ClusteringKind.Redis || options.Storage == GrainStorageKind.Redis;
        if (needsRedis && string.IsNullOrWhiteSpace(configuration[RedisConnection.ConnectionStringKey]))
        {
            failures.Add($"{RedisConnection.ConnectionStringKey} is required when {SectionName}:Membership or {SectionName}:Storage is Redis.");
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(ChatClusterOptions), failures);
        }

        return options;
    }
}
