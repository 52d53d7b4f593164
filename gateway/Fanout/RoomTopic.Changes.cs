using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>
/// Delivery of a room's edits and deletes to the local sessions in change-seq order with no gap and
/// no duplicate, as messages are delivered in seq order; a gap is repaired with the room's changed
/// messages as they are now (one grain call for all the sessions concerned).
/// </summary>
internal sealed partial class RoomTopic
{
    private async Task DeliverChangeLockedAsync(MessageChange change)
    {
        var changeSeq = change.ChangeSeq;
        LastSeenChangeSeq = Math.Max(LastSeenChangeSeq, changeSeq);

        // A session that has not had the changed message yet (a lost push) gets it first, so no
        // client hears of a change to a message it never saw.
        var messageGapFrom = long.MaxValue;
        var changeGapFrom = long.MaxValue;
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Paused)
            {
                continue;
            }

            if (subscriber.Cursor >= 0 && subscriber.Cursor < change.Seq)
            {
                messageGapFrom = Math.Min(messageGapFrom, subscriber.Cursor);
            }

            if (subscriber.ChangeCursor >= 0 && subscriber.ChangeCursor < changeSeq - 1)
            {
                changeGapFrom = Math.Min(changeGapFrom, subscriber.ChangeCursor);
            }
        }

        if (messageGapFrom != long.MaxValue)
        {
            await RepairLockedAsync(messageGapFrom, change.Seq);
        }

        if (changeGapFrom != long.MaxValue)
        {
            await RepairChangesLockedAsync(changeGapFrom, changeSeq - 1);
        }

        OutboundEvent? outbound = null;
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Paused || subscriber.ChangeCursor >= changeSeq)
            {
                continue; // joining (catches up after its ack), or a duplicate from a push or a repair
            }

            outbound ??= RoomEventEncoding.Change(change);
            subscriber.DeliverChange(outbound, changeSeq);
        }
    }

    private long LowestActiveChangeCursor()
    {
        var from = long.MaxValue;
        foreach (var subscriber in _subscribers)
        {
            if (!subscriber.Paused && subscriber.ChangeCursor >= 0)
            {
                from = Math.Min(from, subscriber.ChangeCursor);
            }
        }

        return from;
    }

    /// <summary>
    /// Gives every subscriber at change seq <paramref name="fromChangeSeq"/> or later the messages changed in
    /// (its cursor, <paramref name="toChangeSeq"/>], each once as it is now. A message changed again after
    /// <paramref name="toChangeSeq"/> is left to that later change's event.
    /// </summary>
    private async Task RepairChangesLockedAsync(long fromChangeSeq, long toChangeSeq)
    {
        var after = fromChangeSeq;
        for (var page = 0; page < MaxRepairPages; page++)
        {
            RoomChangesResult changes;
            try
            {
                changes = await _room.GetChanges(new ChangesRequest
                {
                    UserId = string.Empty,
                    SinceChangeSeq = after,
                    Limit = RepairPageSize,
                    BypassMembership = true,
                });
            }
            catch (Exception ex)
            {
                LogChangeRepairFailed(Logger, ex, RoomId, fromChangeSeq, toChangeSeq);
                return;
            }

            if (changes.Error != ChatError.None)
            {
                LogChangeRepairRefused(Logger, RoomId, changes.Error);
                return;
            }

            LastSeenChangeSeq = Math.Max(LastSeenChangeSeq, changes.LastChangeSeq);
            var complete = !changes.HasMore;
            foreach (var message in changes.Messages)
            {
                if (message.ChangeSeq > toChangeSeq)
                {
                    complete = true;
                    break;
                }

                OutboundEvent? outbound = null;
                foreach (var subscriber in _subscribers)
                {
                    // Only the sessions this read covers: one further behind would skip the changes before fromChangeSeq.
                    if (!subscriber.Paused && subscriber.ChangeCursor >= fromChangeSeq && subscriber.ChangeCursor < message.ChangeSeq)
                    {
                        outbound ??= RoomEventEncoding.ChangeOf(message);
                        subscriber.DeliverChange(outbound, message.ChangeSeq);
                    }
                }

                after = message.ChangeSeq;
            }

            if (complete || changes.Messages.Count == 0)
            {
                // Every change up to here is covered: superseded ones by a later state, the rest lost to retention.
                RaiseChangeCursors(fromChangeSeq, Math.Min(toChangeSeq, changes.LastChangeSeq));
                return;
            }
        }
    }

    private void RaiseChangeCursors(long fromChangeSeq, long toChangeSeq)
    {
        foreach (var subscriber in _subscribers)
        {
            if (!subscriber.Paused && subscriber.ChangeCursor >= fromChangeSeq && subscriber.ChangeCursor < toChangeSeq)
            {
                subscriber.ChangeCursor = toChangeSeq;
            }
        }
    }

    [LoggerMessage(EventId = 5410, Level = LogLevel.Warning, Message = "Repairing the changes of room {RoomId} from change seq {FromChangeSeq} to {ToChangeSeq} failed")]
    private static partial void LogChangeRepairFailed(ILogger logger, Exception ex, string roomId, long fromChangeSeq, long toChangeSeq);

    [LoggerMessage(EventId = 5411, Level = LogLevel.Warning, Message = "Room {RoomId} refused the changes for a repair: {Error}")]
    private static partial void LogChangeRepairRefused(ILogger logger, string roomId, ChatError error);
}
