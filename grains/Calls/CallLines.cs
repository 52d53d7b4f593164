using Microsoft.Extensions.Logging;

namespace Orleans.Chat.Grains;

internal enum CallLineResult
{
    /// <summary>Both lines are now held by the call.</summary>
    Free,
    CallerBusy,
    CalleeBusy,

    /// <summary>A line grain failed; the call holds no line.</summary>
    Failed,
}

/// <summary>
/// One call's hold on its two users' lines (<see cref="ICallLineGrain"/>): taken at the start,
/// refreshed by every liveness tick, freed on every end. A failure to free is logged; the line
/// then frees itself when its expiry passes.
/// </summary>
internal sealed class CallLines(IGrainFactory grains, string callId, ILogger logger)
{
    /// <summary>The caller's line, then the callee's; a busy callee frees the caller's again.</summary>
    public async Task<CallLineResult> OccupyAsync(string callerId, string calleeId)
    {
        var callerLine = grains.Reference<ICallLineGrain>(callerId);
        var holdsCallerLine = false;
        try
        {
            if (!await callerLine.TryOccupy(callId))
            {
                return CallLineResult.CallerBusy;
            }

            holdsCallerLine = true;
            if (await grains.Reference<ICallLineGrain>(calleeId).TryOccupy(callId))
            {
                return CallLineResult.Free;
            }

            await callerLine.Release(callId);
            return CallLineResult.CalleeBusy;
        }
        catch (Exception exception)
        {
            logger.CallLineFailed(callId, holdsCallerLine ? calleeId : callerId, exception);
            if (holdsCallerLine)
            {
                await TryReleaseAsync(callerId);
            }

            return CallLineResult.Failed;
        }
    }

    /// <summary>Extends both holds (and takes back a line lost with its silo).</summary>
    public Task RefreshAsync(string callerId, string calleeId) => Task.WhenAll(TryRefreshAsync(callerId), TryRefreshAsync(calleeId));

    public Task ReleaseAsync(string callerId, string calleeId) => Task.WhenAll(TryReleaseAsync(callerId), TryReleaseAsync(calleeId));

    private async Task TryRefreshAsync(string userId)
    {
        try
        {
            // False only when the line lapsed and another call took it: that call keeps it.
            await grains.Reference<ICallLineGrain>(userId).TryOccupy(callId);
        }
        catch (Exception exception)
        {
            logger.CallLineFailed(callId, userId, exception);
        }
    }

    private async Task TryReleaseAsync(string userId)
    {
        try
        {
            await grains.Reference<ICallLineGrain>(userId).Release(callId);
        }
        catch (Exception exception)
        {
            logger.CallLineFailed(callId, userId, exception);
        }
    }
}
