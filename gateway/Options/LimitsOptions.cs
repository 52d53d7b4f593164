using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Orleans.Chat.Gateway.Options;

/// <summary>Per-connection and per-user limits (section "Limits").</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Client events one user may send per minute on one gateway.</summary>
    [Range(1, 1_000_000)]
    public int EventsPerMinute { get; set; } = 100;

    [Range(256, 16 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 64 * 1024;

    [Range(1, 1_000_000)]
    public int MaxContentLength { get; set; } = 4000;

    /// <summary>Messages returned by join-room without sinceSeq.</summary>
    [Range(0, 1000)]
    public int RecentMessages { get; set; } = 50;

    /// <summary>Unread private messages listed in pending-messages on connect (the newest, across conversations).</summary>
    [Range(1, 1000)]
    public int PendingOnConnect { get; set; } = 100;
    /// <summary>
    /// Most messages in a join-room ack with sinceSeq (the oldest after it); with more, the ack says
    /// hasMore and the client pages the rest with get-history afterSeq (which gives up to 100 at a time).
    /// </summary>
    [Range(1, 1000)]
    public int RecoveryBatch { get; set; } = 100;

    /// <summary>Frames waiting for a slow client before the gateway drops the connection.</summary>
    [Range(16, 1_000_000)]
    public int OutboundQueueFrames { get; set; } = 4096;

    /// <summary>Concurrent connections of one user on one gateway (both protocols); more are refused with too_many_connections.</summary>
    [Range(1, 100_000)]
    public int ConnectionsPerUser { get; set; } = 10;

    /// <summary>
    /// Concurrent connections from one client address (IPv6: one /64) on one gateway, both protocols,
    /// Engine.IO sessions not yet authenticated included. High, because offices and mobile carriers put
    /// many users behind one NAT address.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ConnectionsPerAddress { get; set; } = 200;

    /// <summary>New connections (authenticated /ws upgrades, Engine.IO handshakes) one address may open per minute on one gateway, refilled evenly.</summary>
    [Range(1, 1_000_000)]
    public int ConnectsPerAddressPerMinute { get; set; } = 300;

    /// <summary>How many of those an address may open at once before the per-minute refill applies.</summary>
    [Range(1, 1_000_000)]
    public int ConnectBurstPerAddress { get; set; } = 100;

    /// <summary>Message types clients may send besides "text" (none by default); "system", "file" and "call" are the server's own.</summary>
    public string[] CustomMessageTypes { get; set; } = [];

    /// <summary>Largest data of a room-event, in bytes of the JSON text the client sent; larger is payload_too_large.</summary>
    [Range(0, 16 * 1024 * 1024)]
    public int MaxRoomEventBytes { get; set; } = 4096;

    /// <summary>How long user-typing lasts without another typing event.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan TypingTimeout { get; set; } = TimeSpan.FromSeconds(3);
}

[OptionsValidator]
public sealed partial class LimitsOptionsValidator : IValidateOptions<LimitsOptions>;
