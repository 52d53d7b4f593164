using System.ComponentModel.DataAnnotations;

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

    /// <summary>Frames waiting for a slow client before the gateway drops the connection.</summary>
    [Range(16, 1_000_000)]
    public int OutboundQueueFrames { get; set; } = 4096;

    /// <summary>How long user-typing lasts without another typing event.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan TypingTimeout { get; set; } = TimeSpan.FromSeconds(3);
}
