using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// One call (key: call id, made by the gateway). Relays the signaling between the caller's calling
/// connection and the callee's answering one, holds both users' call lines (<see cref="ICallLineGrain"/>),
/// ends on a hang-up, a reject, the ring timeout or a lost party, and records the outcome in the
/// conversation. Requests about an unknown or finished call, or from someone who is not its party,
/// answer NotFound.
/// </summary>
/// <remarks>
/// Memory only (<see cref="CallState"/>): a call lost with its silo is simply gone. The parties hear
/// nothing then, but their next signal answers NotFound, which clients take as the end; the lines
/// free themselves when the refreshes stop. A party whose gateway crashed is found by the liveness
/// check: its gateway no longer holds the user's presence lease.
/// </remarks>
internal sealed class CallGrain(IOptions<CallOptions> options, TimeProvider time, ILogger<CallGrain> logger)
    : Grain, ICallGrain, IGrainMigrationParticipant
{
    private const string MigrationKey = "call";

    private readonly CallOptions _options = options.Value;
    private CallState _state = new();
    private CallSignals _signals = null!;
    private IGrainTimer? _ringTimer;
    private IGrainTimer? _livenessTimer;
    private CallLines _lines = null!;

    private string CallId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _signals = new(GrainFactory, CallId, logger);
        _lines = new(GrainFactory, CallId, logger);

        // A live call that arrived with a migration needs its timers again.
        if (_state.IsLive)
        {
            ArmTimers();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Deactivated mid-call (its silo shutting down): the parties hear it now rather than never.
        if (_state.IsLive && reason.ReasonCode != DeactivationReasonCode.Migrating)
        {
            await EndAsync(CallEndReasons.Disconnected, deactivate: false);
        }
    }

    public async Task<CallStartResult> Start(CallStartRequest request)
    {
        if (_state.Phase != CallPhase.None)
        {
            // A retried start from the connection that made the call answers the same; anyone else's is refused.
            return _state.IsCallerSession(request.Caller?.User?.Id ?? "", request.Caller?.SessionId ?? "")
                ? new CallStartResult { CallId = CallId }
                : CallStartResult.Failed(ChatError.NotFound);
        }

        if (!CallPayloads.IsParty(request.Caller)
            || !CallPayloads.IsUserId(request.CalleeId)
            || request.CalleeId == request.Caller.User.Id
            || !CallPayloads.IsMedia(request.Media)
            || !CallPayloads.IsDescription(request.OfferJson))
        {
            return CallStartResult.Failed(ChatError.InvalidFormat);
        }

        var caller = request.Caller;
        var lines = await _lines.OccupyAsync(caller.User.Id, request.CalleeId);
        if (lines == CallLineResult.Failed)
        {
            return CallStartResult.Failed(ChatError.Unavailable);
        }

        _state.Caller = caller;
        _state.CalleeId = request.CalleeId;
        _state.Media = request.Media;
        if (lines != CallLineResult.Free)
        {
            // Ended from the start; the busy signal goes out once the ack has, so the caller knows the call id first.
            _state.Phase = CallPhase.Ended;
            this.RegisterGrainTimer(
                () => EndBusyAsync(calleeBusy: lines == CallLineResult.CalleeBusy),
                new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan });
            return new CallStartResult { CallId = CallId };
        }

        _state.Phase = CallPhase.Ringing;
        _state.RingingSince = time.GetUtcNow();
        ArmTimers();
        logger.CallRinging(CallId, caller.User.Id, request.CalleeId, request.Media);
        await _signals.SendAsync(request.CalleeId, _signals.Incoming(caller.User, request.Media, request.OfferJson));
        return new CallStartResult { CallId = CallId };
    }

    public async Task<ChatError> Answer(CallParty callee, string answerJson)
    {
        if (!_state.IsLive || !CallPayloads.IsParty(callee) || !IsParty(callee.User.Id))
        {
            return ChatError.NotFound;
        }

        if (callee.User.Id != _state.CalleeId)
        {
            // The caller answering its own call.
            return ChatError.NotAllowed;
        }

        if (!CallPayloads.IsDescription(answerJson))
        {
            return ChatError.InvalidFormat;
        }

        if (_state.Phase == CallPhase.Answered)
        {
            // First answer wins; the winner repeating itself changes nothing.
            return _state.IsAnswererSession(callee.User.Id, callee.SessionId) ? ChatError.None : ChatError.NotAllowed;
        }

        _state.Phase = CallPhase.Answered;
        _state.Answerer = callee;
        _state.AnsweredAt = time.GetUtcNow();
        _ringTimer?.Dispose();
        _ringTimer = null;
        var buffered = _state.BufferedCandidates;
        _state.BufferedCandidates = [];

        var caller = _state.Caller!;
        await Task.WhenAll(
            _signals.SendAsync(caller.User.Id, _signals.Answered(answerJson), targetSessionId: caller.SessionId),
            _signals.SendAsync(callee.User.Id, _signals.Ended(CallEndReasons.AnsweredElsewhere), exceptSessionId: callee.SessionId));

        // Sent in the caller's order (live events may still overtake each other on the way; ICE takes candidates in any order).
        foreach (var candidate in buffered)
        {
            await _signals.SendAsync(callee.User.Id, _signals.Candidate(candidate), targetSessionId: callee.SessionId);
        }

        return ChatError.None;
    }

    public async Task<ChatError> Candidate(string userId, string sessionId, string candidateJson)
    {
        var fromCaller = _state.IsLive && _state.IsCallerSession(userId, sessionId);
        var fromAnswerer = _state.IsLive && _state.IsAnswererSession(userId, sessionId);
        if (!fromCaller && !fromAnswerer)
        {
            return ChatError.NotFound;
        }

        if (!CallPayloads.IsCandidate(candidateJson))
        {
            return ChatError.InvalidFormat;
        }

        var caller = _state.Caller!;
        if (fromAnswerer)
        {
            await _signals.SendAsync(caller.User.Id, _signals.Candidate(candidateJson), targetSessionId: caller.SessionId);
        }
        else if (_state.Answerer is { } answerer)
        {
            await _signals.SendAsync(answerer.User.Id, _signals.Candidate(candidateJson), targetSessionId: answerer.SessionId);
        }
        else if (_state.BufferedCandidates.Count < _options.MaxBufferedCandidates)
        {
            _state.BufferedCandidates.Add(candidateJson);
        }

        // Past the cap the candidate is dropped: ICE still connects on the ones held.
        return ChatError.None;
    }

    public async Task<ChatError> Reject(string userId)
    {
        if (!_state.IsLive || !IsParty(userId))
        {
            return ChatError.NotFound;
        }

        if (userId != _state.CalleeId || _state.Phase != CallPhase.Ringing)
        {
            // The caller hangs up with End; an answered call is ended, not rejected.
            return ChatError.NotAllowed;
        }

        await EndAsync(CallEndReasons.Rejected);
        return ChatError.None;
    }

    public async Task<ChatError> End(string userId, string sessionId)
    {
        if (!_state.IsLive)
        {
            return ChatError.NotFound;
        }

        if (_state.IsCallerSession(userId, sessionId) || _state.IsAnswererSession(userId, sessionId))
        {
            await EndAsync(CallEndReasons.Ended);
            return ChatError.None;
        }

        if (_state.Phase == CallPhase.Ringing && userId == _state.CalleeId)
        {
            // Hanging up a ringing call from any connection of the callee declines it.
            await EndAsync(CallEndReasons.Rejected);
            return ChatError.None;
        }

        return ChatError.NotFound;
    }

    public async Task SessionClosed(string userId, string sessionId)
    {
        // Before the answer only the caller's connection holds the call: a callee connection closing leaves the others ringing.
        if (_state.IsLive && (_state.IsCallerSession(userId, sessionId) || _state.IsAnswererSession(userId, sessionId)))
        {
            await EndAsync(CallEndReasons.Disconnected);
        }
    }

    public void OnDehydrate(IDehydrationContext dehydrationContext) => dehydrationContext.TryAddValue(MigrationKey, _state);

    public void OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue<CallState>(MigrationKey, out var state) && state is not null)
        {
            _state = state;
        }
    }

    private bool IsParty(string userId) => _state.Caller is { } caller && (userId == caller.User.Id || userId == _state.CalleeId);

    /// <summary>
    /// Sends call-ended to both parties' call connections (before an answer every connection of the
    /// callee), frees the lines, then records the call. Idempotent: only the first end does anything.
    /// </summary>
    private async Task EndAsync(string reason, bool deactivate = true)
    {
        if (!_state.IsLive)
        {
            return;
        }

        var answered = _state.Phase == CallPhase.Answered;
        _state.Phase = CallPhase.Ended;
        StopTimers();
        var caller = _state.Caller!;
        var outcome = answered ? CallOutcomes.Completed : reason == CallEndReasons.Rejected ? CallOutcomes.Rejected : CallOutcomes.Missed;
        var durationMs = answered ? Math.Max(0, (long)(time.GetUtcNow() - _state.AnsweredAt).TotalMilliseconds) : 0;
        logger.CallEnded(CallId, reason, outcome, durationMs);

        // Lines first: a party redialling as soon as it hears the end must not find itself busy.
        await _lines.ReleaseAsync(caller.User.Id, _state.CalleeId);
        var ended = _signals.Ended(reason);
        await Task.WhenAll(
            _signals.SendAsync(caller.User.Id, ended, targetSessionId: caller.SessionId),
            _signals.SendAsync(_state.CalleeId, ended, targetSessionId: _state.Answerer?.SessionId));
        _state.BufferedCandidates = [];

        await CallRecording.RecordAsync(GrainFactory, caller.User, _state.CalleeId, Record(outcome, reason, durationMs), logger);
        if (deactivate)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>Start found a party in another call: the caller hears busy; a busy callee sees a missed call.</summary>
    private async Task EndBusyAsync(bool calleeBusy)
    {
        var caller = _state.Caller!;
        logger.CallEnded(CallId, CallEndReasons.Busy, CallOutcomes.Missed, 0);
        await _signals.SendAsync(caller.User.Id, _signals.Ended(CallEndReasons.Busy), targetSessionId: caller.SessionId);

        // A busy caller rang no one: nothing to record (and nothing for a caller to spam the callee's history with).
        if (calleeBusy)
        {
            await CallRecording.RecordAsync(GrainFactory, caller.User, _state.CalleeId, Record(CallOutcomes.Missed, CallEndReasons.Busy, 0), logger);
        }

        DeactivateOnIdle();
    }

    private CallRecord Record(string outcome, string reason, long durationMs) =>
        new() { CallId = CallId, Media = _state.Media, Outcome = outcome, Reason = reason, DurationMs = durationMs };

    private async Task RingTimedOutAsync()
    {
        if (_state.Phase == CallPhase.Ringing)
        {
            await EndAsync(CallEndReasons.NoAnswer);
        }
    }

    /// <summary>
    /// Every liveness interval: keeps both lines held, and ends the call as disconnected when the
    /// gateway of the caller's connection (and, once answered, of the answering one) holds no
    /// presence lease of its user any more, i.e. it crashed without telling the call.
    /// </summary>
    private async Task CheckLivenessAsync()
    {
        if (!_state.IsLive)
        {
            return;
        }

        var caller = _state.Caller!;
        await _lines.RefreshAsync(caller.User.Id, _state.CalleeId);
        var lost = await CallLiveness.FindLostAsync(GrainFactory, CallId, _state.Answerer is { } answerer ? [caller, answerer] : [caller], logger);
        if (lost is not null && _state.IsLive)
        {
            logger.CallPartyGatewayLost(CallId, lost.User.Id, lost.GatewayId);
            await EndAsync(CallEndReasons.Disconnected);
        }
    }

    private void ArmTimers()
    {
        if (_state.Phase == CallPhase.Ringing)
        {
            var due = _state.RingingSince + _options.RingTimeout - time.GetUtcNow();
            _ringTimer = this.RegisterGrainTimer(
                RingTimedOutAsync,
                new GrainTimerCreationOptions { DueTime = due > TimeSpan.Zero ? due : TimeSpan.Zero, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
        }

        // KeepAlive: idle collection must not take a live call.
        _livenessTimer = this.RegisterGrainTimer(
            CheckLivenessAsync,
            new GrainTimerCreationOptions { DueTime = _options.LivenessInterval, Period = _options.LivenessInterval, KeepAlive = true });
    }

    private void StopTimers()
    {
        _ringTimer?.Dispose();
        _livenessTimer?.Dispose();
        (_ringTimer, _livenessTimer) = (null, null);
    }
}
