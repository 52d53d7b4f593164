using System.Text.Json;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Commands;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Calls;

/// <summary>
/// call-user, call-answer, ice-candidate, call-reject and call-end: this checks the payloads and hands
/// them to the call's grain, which decides who may do what and delivers the signals through the users'
/// grains. The session remembers the calls it joined so that its close ends them (<see cref="SessionClosedAsync"/>).
/// </summary>
public sealed partial class CallCommands(IGrainFactory grains, IOptions<GatewayOptions> gateway, ILogger<CallCommands> logger)
{
    public async Task<CommandReply> CallUserAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (CallRequests.TryReadCallUser(data, out var request) is { } invalid)
        {
            return CommandReply.Fail(invalid);
        }

        if (request.TargetUserId == session.User.Id)
        {
            return CommandReply.Fail(ClientErrors.InvalidFormat);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var callId = RandomIds.New();
        var result = await grains.Reference<ICallGrain>(callId).Start(new CallStartRequest
        {
            Caller = PartyOf(session),
            CalleeId = request.TargetUserId,
            Media = request.Media,
            OfferJson = request.OfferJson,
        });
        if (result.Error != ChatError.None)
        {
            return CommandReply.Fail(ClientErrors.From(result.Error));
        }

        await JoinedAsync(session, callId);
        return CommandReply.Ok(new CallUserAck(callId), CallJsonContext.Default.CallUserAck);
    }

    public async Task<CommandReply> AnswerAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (CallRequests.TryReadAnswer(data, out var callId, out var answerJson) is { } invalid)
        {
            return CommandReply.Fail(invalid);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var error = await grains.Reference<ICallGrain>(callId).Answer(PartyOf(session), answerJson);
        if (error != ChatError.None)
        {
            return CommandReply.Fail(ClientErrors.From(error));
        }

        await JoinedAsync(session, callId);
        return CommandReply.Success;
    }

    public async Task<CommandReply> CandidateAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (CallRequests.TryReadCandidate(data, out var callId, out var candidateJson) is { } invalid)
        {
            return CommandReply.Fail(invalid);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Reply(await grains.Reference<ICallGrain>(callId).Candidate(session.User.Id, session.Id, candidateJson));
    }

    public async Task<CommandReply> RejectAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (CallRequests.TryReadCallId(data, out var callId) is { } invalid)
        {
            return CommandReply.Fail(invalid);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return Reply(await grains.Reference<ICallGrain>(callId).Reject(session.User.Id));
    }

    public async Task<CommandReply> EndAsync(ChatSession session, JsonElement data, CancellationToken cancellationToken)
    {
        if (CallRequests.TryReadCallId(data, out var callId) is { } invalid)
        {
            return CommandReply.Fail(invalid);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var error = await grains.Reference<ICallGrain>(callId).End(session.User.Id, session.Id);
        if (error == ChatError.None)
        {
            session.Calls.Untrack(callId);
        }

        return Reply(error);
    }

    /// <summary>The session is closing: every call it took part in hears so (the other side gets call-ended disconnected). Best effort, never throws.</summary>
    public async Task SessionClosedAsync(ChatSession session)
    {
        foreach (var callId in session.Calls.TakeAll())
        {
            await TellClosedAsync(session, callId);
        }
    }

    private CallParty PartyOf(ChatSession session) => new()
    {
        User = session.UserRef,
        SessionId = session.Id,
        // The id presence leases are held under: the call grain asks presence whether this gateway still lives.
        GatewayId = gateway.Value.Id,
    };

    /// <summary>
    /// Remembers the call for the session's close. A session that closed while the grain call ran has
    /// already told its calls (or is about to take this one): telling the grain here as well closes the gap.
    /// </summary>
    private async Task JoinedAsync(ChatSession session, string callId)
    {
        session.Calls.Track(callId);
        if (session.IsClosed)
        {
            session.Calls.Untrack(callId);
            await TellClosedAsync(session, callId);
        }
    }

    private async Task TellClosedAsync(ChatSession session, string callId)
    {
        try
        {
            await grains.Reference<ICallGrain>(callId).SessionClosed(session.User.Id, session.Id);
        }
        catch (Exception ex)
        {
            // The grain's own checks remain: the ring timeout, and this gateway's presence lease of the user once no connection of theirs is left here.
            LogSessionClosedFailed(logger, ex, callId, session.Id);
        }
    }

    private static CommandReply Reply(ChatError error) => error == ChatError.None ? CommandReply.Success : CommandReply.Fail(ClientErrors.From(error));

    [LoggerMessage(EventId = 6200, Level = LogLevel.Warning, Message = "Telling call {CallId} that session {SessionId} closed failed")]
    private static partial void LogSessionClosedFailed(ILogger logger, Exception ex, string callId, string sessionId);
}
