using System.Text.Json;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// Call signaling (docs/PROTOCOL.md "Calls"): the server relays offers, answers and ICE candidates; the app
// brings the WebRTC stack. A call belongs to the connection that placed or answered it (a drop ends it
// `disconnected`), so none of these is repeated after a reconnect: they fail with `disconnected` instead.
public sealed partial class ChatClient
{
    /// <summary>Every connection of the user rings: someone calls. Answer with <see cref="AnswerCallAsync"/> or decline with <see cref="RejectCallAsync"/>.</summary>
    public event EventHandler<IncomingCallEvent>? IncomingCall;

    /// <summary>The callee answered this connection's call: apply <see cref="CallAnsweredEvent.Answer"/> as the remote description.</summary>
    public event EventHandler<CallAnsweredEvent>? CallAnswered;

    /// <summary>An ICE candidate of the other party.</summary>
    public event EventHandler<IceCandidateEvent>? IceCandidate;

    /// <summary>A call ended (<see cref="CallEndReasons"/>), or another connection of the user answered it.</summary>
    public event EventHandler<CallEndedEvent>? CallEnded;

    /// <summary>
    /// Calls <paramref name="userId"/> with an SDP offer (<c>{type, sdp}</c>); every connection of the callee gets
    /// <see cref="IncomingCall"/>. When either user is in another call the ack still succeeds and <see cref="CallEnded"/>
    /// follows with <see cref="CallEndReasons.Busy"/>. Calling oneself: <see cref="ChatErrorCodes.InvalidFormat"/>.
    /// </summary>
    public Task<CallUserAck> CallUserAsync(string userId, string media, JsonElement offer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(media);
        return RequestAsync(EventNames.CallUser, new CallUserPayload(userId, media, offer), ClientJsonContext.Default.CallUserPayload,
            ClientJsonContext.Default.CallUserAck, resend: false, cancellationToken, bound: true);
    }

    /// <summary>
    /// Answers a call with an SDP answer; the first answering connection wins (the callee's others get
    /// <see cref="CallEndReasons.AnsweredElsewhere"/>). A later answer: <see cref="ChatErrorCodes.NotAllowed"/>.
    /// </summary>
    public Task AnswerCallAsync(string callId, JsonElement answer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return RequestAsync(EventNames.CallAnswer, new CallAnswerPayload(callId, answer), ClientJsonContext.Default.CallAnswerPayload, resend: false, cancellationToken, bound: true);
    }

    /// <summary>Relays an ICE candidate (<c>{candidate, sdpMid, sdpMLineIndex}</c>) to the other party.</summary>
    public Task SendIceCandidateAsync(string callId, JsonElement candidate, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return RequestAsync(EventNames.IceCandidate, new IceCandidatePayload(callId, candidate), ClientJsonContext.Default.IceCandidatePayload, resend: false, cancellationToken, bound: true);
    }

    /// <summary>The callee declines (from any of its connections); both sides get <see cref="CallEndReasons.Rejected"/>.</summary>
    public Task RejectCallAsync(string callId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return RequestAsync(EventNames.CallReject, new CallIdPayload(callId), ClientJsonContext.Default.CallIdPayload, resend: false, cancellationToken, bound: true);
    }

    /// <summary>Either party hangs up; both sides get <see cref="CallEndReasons.Ended"/>.</summary>
    public Task EndCallAsync(string callId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return RequestAsync(EventNames.CallEnd, new CallIdPayload(callId), ClientJsonContext.Default.CallIdPayload, resend: false, cancellationToken, bound: true);
    }

    /// <summary>GET /api/ice-servers with a token from the provider: the STUN servers and time-limited TURN credentials.</summary>
    public async Task<IceServersResponse> GetIceServersAsync(CancellationToken cancellationToken = default)
    {
        using var response = await SendHttpAsync(new Uri(HttpBase, "/api/ice-servers"), HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, ClientJsonContext.Default.IceServersResponse, cancellationToken).ConfigureAwait(false)
                ?? throw new ChatException(ChatErrorCodes.InvalidFormat, "GET /api/ice-servers answered null");
        }
    }
}
