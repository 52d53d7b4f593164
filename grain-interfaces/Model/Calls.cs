namespace Orleans.Chat.Model;

/// <summary>One connection taking part in a call: the user, the gateway session, and the gateway holding it.</summary>
[GenerateSerializer, Immutable, Alias("chat.CallParty")]
public sealed record CallParty
{
    [Id(0)] public required UserRef User { get; init; }
    [Id(1)] public required string SessionId { get; init; }

    /// <summary>The gateway's id as it holds presence leases: the call grain asks presence whether it still lives.</summary>
    [Id(2)] public required string GatewayId { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.CallStartRequest")]
public sealed record CallStartRequest
{
    [Id(0)] public required CallParty Caller { get; init; }
    [Id(1)] public required string CalleeId { get; init; }

    /// <summary>"audio" or "video".</summary>
    [Id(2)] public required string Media { get; init; }

    /// <summary>The SDP offer as the client sent it ({type, sdp}), raw JSON relayed as is.</summary>
    [Id(3)] public required string OfferJson { get; init; }
}

[GenerateSerializer, Immutable, Alias("chat.CallStartResult")]
public sealed record CallStartResult
{
    [Id(0)] public ChatError Error { get; init; }
    [Id(1)] public string? CallId { get; init; }

    public static CallStartResult Failed(ChatError error) => new() { Error = error };
}

/// <summary>Names of the call-ended reasons on the wire.</summary>
public static class CallEndReasons
{
    public const string Rejected = "rejected";
    public const string Ended = "ended";
    public const string NoAnswer = "no-answer";
    public const string Busy = "busy";
    public const string Disconnected = "disconnected";
    public const string AnsweredElsewhere = "answered-elsewhere";
}

public enum CallSignalKind
{
    /// <summary>incoming-call {callId, from, media, offer}: to every connection of the callee.</summary>
    Incoming = 0,

    /// <summary>call-answered {callId, answer}: to the caller's connection.</summary>
    Answered = 1,

    /// <summary>ice-candidate {callId, candidate}: to the other party's call connection.</summary>
    Candidate = 2,

    /// <summary>call-ended {callId, reason}.</summary>
    Ended = 3,
}

/// <summary>One signaling event of a call, pushed through the receiving user's grain to their gateways (UserEvent.Call).</summary>
[GenerateSerializer, Immutable, Alias("chat.CallSignal")]
public sealed record CallSignal
{
    [Id(0)] public required CallSignalKind Kind { get; init; }
    [Id(1)] public required string CallId { get; init; }

    /// <summary>Incoming: the caller.</summary>
    [Id(2)] public UserRef? From { get; init; }

    /// <summary>Incoming: "audio" or "video".</summary>
    [Id(3)] public string? Media { get; init; }

    /// <summary>The relayed client JSON: the offer (Incoming), the answer (Answered) or the candidate (Candidate).</summary>
    [Id(4)] public string? PayloadJson { get; init; }

    /// <summary>Ended: one of <see cref="CallEndReasons"/>.</summary>
    [Id(5)] public string? Reason { get; init; }
}

/// <summary>Outcomes of a call as recorded in the conversation (a message of type "call").</summary>
public static class CallOutcomes
{
    /// <summary>Answered, then ended by either side (or a dropped connection).</summary>
    public const string Completed = "completed";

    /// <summary>Never answered: no answer within the ring timeout, the caller hung up, the callee was busy or dropped.</summary>
    public const string Missed = "missed";

    public const string Rejected = "rejected";
}

/// <summary>A finished call as its conversation records it: the message's Call (type "call", sent by the caller).</summary>
[GenerateSerializer, Immutable, Alias("chat.CallRecord")]
public sealed record CallRecord
{
    [Id(0)] public required string CallId { get; init; }
    [Id(1)] public required string Media { get; init; }

    /// <summary>One of <see cref="CallOutcomes"/>.</summary>
    [Id(2)] public required string Outcome { get; init; }

    /// <summary>From answer to end; 0 when never answered.</summary>
    [Id(3)] public long DurationMs { get; init; }

    /// <summary>Why it ended (one of <see cref="CallEndReasons"/>).</summary>
    [Id(4)] public required string Reason { get; init; }
}
