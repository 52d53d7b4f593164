namespace Orleans.Chat.Client;

/// <summary>The reasons of <see cref="CallEndedEvent"/> (docs/PROTOCOL.md "Calls").</summary>
public static class CallEndReasons
{
    /// <summary>The callee declined.</summary>
    public const string Rejected = "rejected";

    /// <summary>A party hung up.</summary>
    public const string Ended = "ended";

    /// <summary>Nobody answered within the ring timeout.</summary>
    public const string NoAnswer = "no-answer";

    /// <summary>One of the users was in another call.</summary>
    public const string Busy = "busy";

    /// <summary>A party's call connection closed, or its gateway died.</summary>
    public const string Disconnected = "disconnected";

    /// <summary>Another connection of the callee answered first (sent to the callee's other connections).</summary>
    public const string AnsweredElsewhere = "answered-elsewhere";
}
