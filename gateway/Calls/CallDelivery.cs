using System.Collections.Immutable;
using Orleans.Chat.Events;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Calls;

/// <summary>Writes a call signal pushed to a user (UserEvent.Call) to the user's sessions on this gateway that it is for.</summary>
internal static class CallDelivery
{
    public static void Deliver(UserEvent evt, ImmutableArray<ChatSession> sessions)
    {
        var signal = evt.Call!;
        // One event for every receiver here: encoded at most once per protocol, and only if a session takes it.
        var outbound = CallEventEncoding.ToOutbound(signal);
        foreach (var session in sessions)
        {
            if (!IsFor(evt, session.Id))
            {
                continue;
            }

            session.Enqueue(outbound);
            if (signal.Kind == CallSignalKind.Ended)
            {
                // Over for this connection: nothing to tell the grain when it closes.
                session.Calls.Untrack(signal.CallId);
            }
        }
    }

    /// <summary>Every session of the user unless the event names its one target, or the one session it skips.</summary>
    public static bool IsFor(UserEvent evt, string sessionId) =>
        (evt.TargetSessionId is null || evt.TargetSessionId == sessionId) && evt.ExceptSessionId != sessionId;
}
