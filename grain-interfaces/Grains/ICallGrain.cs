using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// One one-to-one call (key: call id): who called whom, which connection answered, the ring timeout,
/// and the signaling relay between the two connections. Signals reach a user's connections through
/// their user grain (UserEvent.Call), so the parties may sit on any gateways. Lives in memory: a call
/// lost with its silo ends (both sides hear call-ended when their connection next touches it, or by
/// the liveness check). A finished call that was missed, rejected or completed is recorded in the
/// conversation as a message of type "call".
/// </summary>
[Alias("chat.ICallGrain")]
public interface ICallGrain : IGrainWithStringKey
{
    /// <summary>Rings every connection of the callee (incoming-call), or ends at once with busy when either party is in another call.</summary>
    [Alias("Start")] Task<CallStartResult> Start(CallStartRequest request);

    /// <summary>The first answering connection of the callee wins (the caller gets call-answered, the callee's other connections answered-elsewhere); later answers get NotAllowed.</summary>
    [Alias("Answer")] Task<ChatError> Answer(CallParty callee, string answerJson);

    /// <summary>Relays a candidate to the other party's call connection (buffered until the callee answers).</summary>
    [Alias("Candidate")] Task<ChatError> Candidate(string userId, string sessionId, string candidateJson);

    /// <summary>The callee declines (from any connection): call-ended rejected on both sides.</summary>
    [Alias("Reject")] Task<ChatError> Reject(string userId);

    /// <summary>Either party hangs up: call-ended ended on both sides.</summary>
    [Alias("End")] Task<ChatError> End(string userId, string sessionId);

    /// <summary>A party's connection closed (the gateway tells it): call-ended disconnected to the other side.</summary>
    [Alias("SessionClosed")] Task SessionClosed(string userId, string sessionId);
}
