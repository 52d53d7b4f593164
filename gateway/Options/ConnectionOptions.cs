using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Gateway.Options;

/// <summary>WebSocket heartbeat settings (section "Connection").</summary>
public sealed class ConnectionOptions
{
    public const string Section = "Connection";

    /// <summary>Interval of server WebSocket pings.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>A client that answers no ping within this time is disconnected.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);
}

[OptionsValidator]
public sealed partial class ConnectionOptionsValidator : IValidateOptions<ConnectionOptions>;
