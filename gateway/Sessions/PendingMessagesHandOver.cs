using Orleans.Chat.Gateway.Wire;
using Orleans.Chat.Grains;

namespace Orleans.Chat.Gateway.Sessions;

/// <summary>
/// Gives a session the private messages queued for its user while no gateway could take them
/// live: at connect, and when a user subscription had been lost (a user grain re-activated).
/// </summary>
public sealed partial class PendingMessagesHandOver(IGrainFactory grains, ILogger<PendingMessagesHandOver> logger)
{
    public async Task HandOverAsync(ChatSession session)
    {
        var user = grains.GetGrain<IUserGrain>(session.User.Id);
        var claim = await user.ClaimPending(session.Id);
        if (claim.Messages.Count == 0)
        {
            return;
        }

        // Removed from the queue only once written to this connection; if it dies first,
        // the claim lapses and the next connection receives them.
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.EnqueueEncoded(
            new OutboundEvent(ServerEventNames.PendingMessages, claim.Messages, ChatJsonContext.Default.IReadOnlyListPrivateMessage)
                .EncodeFor(session.Connection.Encoder),
            written);

        _ = ConfirmWhenWrittenAsync(written.Task, user, session.Id, claim.UpToQueueSeq);
    }

    private async Task ConfirmWhenWrittenAsync(Task written, IUserGrain user, string sessionId, long upToQueueSeq)
    {
        try
        {
            await written;
            await user.ConfirmPending(sessionId, upToQueueSeq);
        }
        catch (OperationCanceledException)
        {
            // Not written: the claim lapses and the messages stay queued.
        }
        catch (Exception ex)
        {
            LogConfirmFailed(logger, ex, sessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confirming pending messages of session {SessionId} failed")]
    private static partial void LogConfirmFailed(ILogger logger, Exception ex, string sessionId);
}
