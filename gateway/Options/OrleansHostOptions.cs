using System.ComponentModel.DataAnnotations;

namespace Orleans.Chat.Gateway.Options;

/// <summary>The silo a single-node gateway co-hosts (section "Orleans").</summary>
public sealed class OrleansHostOptions
{
    public const string Section = "Orleans";

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    public string ClusterId { get; set; } = "orleans-chat";
    public string ServiceId { get; set; } = "orleans-chat";

    /// <summary>Serve the Orleans Dashboard at /dashboard.</summary>
    public bool Dashboard { get; set; } = true;
}
