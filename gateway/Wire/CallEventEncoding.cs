using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Wire;

/// <summary>The client event of a call signal pushed to a user's gateways (UserEvent.Call): made once per gateway, encoded once per protocol.</summary>
public static class CallEventEncoding
{
    public static OutboundEvent ToOutbound(CallSignal signal) =>
        new(NameOf(signal.Kind), new CallEventPayload(signal), CallJsonContext.Default.CallEventPayload);

    public static string NameOf(CallSignalKind kind) => kind switch
    {
        CallSignalKind.Incoming => ServerEventNames.IncomingCall,
        CallSignalKind.Answered => ServerEventNames.CallAnswered,
        CallSignalKind.Candidate => ServerEventNames.IceCandidate,
        CallSignalKind.Ended => ServerEventNames.CallEnded,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown call signal kind"),
    };
}
