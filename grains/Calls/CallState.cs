using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

internal enum CallPhase
{
    /// <summary>No call under this id in this activation (never started, or lost with its silo).</summary>
    None = 0,

    /// <summary>The callee's connections are ringing.</summary>
    Ringing = 1,

    /// <summary>One connection of the callee answered; the two call connections are fixed.</summary>
    Answered = 2,

    /// <summary>Over: every later request answers NotFound until the activation goes.</summary>
    Ended = 3,
}

/// <summary>
/// A call as its grain holds it, in memory only: a call lives seconds to an hour and means nothing
/// after a silo loss (the connections it relayed between are re-negotiated by a new call anyway).
/// Serializable so that a migrating activation takes it along.
/// </summary>
[GenerateSerializer, Alias("chat.CallState")]
internal sealed class CallState
{
    [Id(0)] public CallPhase Phase { get; set; }
    [Id(1)] public CallParty? Caller { get; set; }
    [Id(2)] public string CalleeId { get; set; } = string.Empty;
    [Id(3)] public string Media { get; set; } = string.Empty;

    /// <summary>When the callee's connections started ringing: the ring timeout counts from here.</summary>
    [Id(4)] public DateTimeOffset RingingSince { get; set; }

    /// <summary>The callee's connection that answered first.</summary>
    [Id(5)] public CallParty? Answerer { get; set; }
    [Id(6)] public DateTimeOffset AnsweredAt { get; set; }

    /// <summary>The caller's candidates sent before the answer, for the answering connection (capped).</summary>
    [Id(7)] public List<string> BufferedCandidates { get; set; } = [];

    public bool IsLive => Phase is CallPhase.Ringing or CallPhase.Answered;

    /// <summary>Whether the user and session are the caller's calling connection.</summary>
    public bool IsCallerSession(string userId, string sessionId) =>
        Caller is { } caller && caller.User.Id == userId && caller.SessionId == sessionId;

    /// <summary>Whether the user and session are the callee's answering connection.</summary>
    public bool IsAnswererSession(string userId, string sessionId) =>
        Answerer is { } answerer && answerer.User.Id == userId && answerer.SessionId == sessionId;
}
