namespace Orleans.Chat.Client;

/// <summary>The call is over (or, with <see cref="CallEndReasons.AnsweredElsewhere"/>, over for this connection).</summary>
public sealed record CallEndedEvent
{
    /// <summary>The call's id.</summary>
    public required string CallId { get; init; }

    /// <summary>One of <see cref="CallEndReasons"/>.</summary>
    public required string Reason { get; init; }
}
