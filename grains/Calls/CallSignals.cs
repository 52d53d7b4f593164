using Microsoft.Extensions.Logging;
using Orleans.Chat.Events;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// Pushes one call's signals through the receiving user's grain to that user's gateways, which
/// write them to the sessions the event names. Best effort like every live event: a lost signal
/// shows as a call that does not connect, which the parties end.
/// </summary>
internal sealed class CallSignals(IGrainFactory grains, string callId, ILogger logger)
{
    /// <summary>Every connection of the user, or only <paramref name="targetSessionId"/>, or all but <paramref name="exceptSessionId"/>.</summary>
    public async Task SendAsync(string userId, CallSignal signal, string? targetSessionId = null, string? exceptSessionId = null)
    {
        try
        {
            await grains.Reference<IUserGrain>(userId).Publish(new UserEvent
            {
                Kind = UserEventKind.Call,
                UserId = userId,
                Call = signal,
                TargetSessionId = targetSessionId,
                ExceptSessionId = exceptSessionId,
            });
        }
        catch (Exception exception)
        {
            logger.CallSignalFailed(callId, signal.Kind, userId, exception);
        }
    }

    public CallSignal Incoming(UserRef from, string media, string offerJson) =>
        new() { Kind = CallSignalKind.Incoming, CallId = callId, From = from, Media = media, PayloadJson = offerJson };

    public CallSignal Answered(string answerJson) => new() { Kind = CallSignalKind.Answered, CallId = callId, PayloadJson = answerJson };

    public CallSignal Candidate(string candidateJson) => new() { Kind = CallSignalKind.Candidate, CallId = callId, PayloadJson = candidateJson };

    public CallSignal Ended(string reason) => new() { Kind = CallSignalKind.Ended, CallId = callId, Reason = reason };
}
