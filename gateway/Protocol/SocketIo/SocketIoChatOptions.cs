using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Gateway.Protocol.SocketIo;

/// <summary>Chat-level Socket.IO settings (section "SocketIo", beside the protocol's own options).</summary>
public sealed class SocketIoChatOptions
{
    public const string Section = "SocketIo";

    /// <summary>Offer connection state recovery: a client that reconnects within the window gets what it missed.</summary>
    public bool ConnectionStateRecovery { get; set; } = true;

    /// <summary>How long a disconnected session's position is kept for recovery.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);
}

[OptionsValidator]
public sealed partial class SocketIoChatOptionsValidator : IValidateOptions<SocketIoChatOptions>;
