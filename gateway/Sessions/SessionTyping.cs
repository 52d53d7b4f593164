using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Tells rooms when a session starts and stops typing: typing starts it, stop-typing or a quiet
/// <c>Limits:TypingTimeout</c> ends it, and so does the session's close. A session service (not a
/// command) because closing a session must end its typing without knowing the commands.
/// </summary>
public sealed partial class SessionTyping(IGrainFactory grains, IOptions<LimitsOptions> limits, TimeProvider time, ILogger<SessionTyping> logger)
{
    /// <summary>Starts (or keeps) the session typing in the room; tells the room only when it was not typing yet.</summary>
    public async Task<ChatError> StartAsync(ChatSession session, string roomId, CancellationToken cancellationToken)
    {
        var timeout = limits.Value.TypingTimeout;
        if (!session.Typing.Start(roomId, timeout, () => time.CreateTimer(_ => OnTimedOut(session, roomId), null, timeout, Timeout.InfiniteTimeSpan)))
        {
            return ChatError.None; // already typing: the timer was restarted, nothing to tell the room
        }

        ChatError error;
        try
        {
            error = await grains.Reference<IRoomGrain>(roomId).SetTyping(session.UserRef, typing: true, cancellationToken);
        }
        catch
        {
            session.Typing.Stop(roomId);
            throw;
        }

        if (error != ChatError.None)
        {
            session.Typing.Stop(roomId);
        }

        return error;
    }

    /// <summary>Stops the session typing in the room; tells the room only when it was typing.</summary>
    public async Task<ChatError> StopAsync(ChatSession session, string roomId, CancellationToken cancellationToken) =>
        session.Typing.Stop(roomId)
            ? await grains.Reference<IRoomGrain>(roomId).SetTyping(session.UserRef, typing: false, cancellationToken)
            : ChatError.None;

    /// <summary>Tells the rooms a closing session was typing in that it stopped; never throws.</summary>
    public async Task StopAllAsync(ChatSession session)
    {
        var (rooms, timedOut) = session.Typing.StopAll();
        await timedOut;
        foreach (var roomId in rooms)
        {
            await TellStoppedAsync(session, roomId);
        }
    }

    /// <summary>
    /// Runs on a timer thread: the room is told in the background, on the session's tracker, which
    /// the session's close awaits (<see cref="StopAllAsync"/>).
    /// </summary>
    private void OnTimedOut(ChatSession session, string roomId)
    {
        if (session.Typing.Stop(roomId))
        {
            session.Typing.AfterTimeout(() => TellStoppedAsync(session, roomId));
        }
    }

    private async Task TellStoppedAsync(ChatSession session, string roomId)
    {
        try
        {
            await grains.Reference<IRoomGrain>(roomId).SetTyping(session.UserRef, typing: false);
        }
        catch (Exception ex)
        {
            LogStopTypingFailed(logger, ex, roomId);
        }
    }

    [LoggerMessage(EventId = 5802, Level = LogLevel.Warning, Message = "Telling room {RoomId} that a user stopped typing failed")]
    private static partial void LogStopTypingFailed(ILogger logger, Exception ex, string roomId);
}
