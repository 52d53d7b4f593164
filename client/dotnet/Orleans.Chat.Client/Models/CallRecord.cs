namespace Orleans.Chat.Client;

/// <summary>A finished call, on private messages of type <c>call</c> (sent as from the caller).</summary>
public sealed record CallRecord
{
    /// <summary>The call's id.</summary>
    public required string CallId { get; init; }

    /// <summary><see cref="CallMedia.Audio"/> or <see cref="CallMedia.Video"/>.</summary>
    public required string Media { get; init; }

    /// <summary><c>completed</c>, <c>missed</c> or <c>rejected</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>Why it ended: one of <see cref="CallEndReasons"/>.</summary>
    public required string Reason { get; init; }

    /// <summary>From the answer to the end; 0 when never answered.</summary>
    public long DurationMs { get; init; }
}
