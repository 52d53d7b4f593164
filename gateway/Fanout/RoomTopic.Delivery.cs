using System.Collections.Immutable;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;
using Orleans.Chat.Events;
using Orleans.Chat.Gateway.Metrics;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>Delivery of a room's live events to the local sessions in seq order, and gap repair from history.</summary>
internal sealed partial class RoomTopic
{
    // A repair reads at most 20 pages of 100: a session further behind pages the rest with get-history.
    private const int RepairPageSize = 100;
    private const int MaxRepairPages = 20;

    /// <summary>
    /// Gives every subscriber the messages it is missing from history, up to the room's last seq, then
    /// the changes it is missing: after a silo loss, pushes in flight to this gateway may be gone and
    /// no later event may come soon to reveal the gap.
    /// </summary>
    public async Task ResyncAsync()
    {
        await Gate.WaitAsync();
        try
        {
            var from = LowestActiveCursor();
            if (!Closed && from != long.MaxValue)
            {
                await RepairLockedAsync(from, long.MaxValue);
            }

            var fromChange = LowestActiveChangeCursor();
            if (!Closed && fromChange != long.MaxValue)
            {
                await RepairChangesLockedAsync(fromChange, long.MaxValue);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Re-asserts the room subscription, and repairs from history when the room had lost it (a new
    /// activation, a lapsed gateway lease) or has messages or changes this gateway never saw.
    /// </summary>
    public override Task RenewAsync() => RenewGuardedAsync(async reference =>
    {
        var subscription = await _room.Subscribe(reference, gatewayId);
        NoteSubscription(subscription);
        var from = LowestActiveCursor();
        if (from < subscription.LastSeq || (!subscription.WasSubscribed && from != long.MaxValue))
        {
            await RepairLockedAsync(from, long.MaxValue);
        }

        var fromChange = LowestActiveChangeCursor();
        if (fromChange < subscription.LastChangeSeq)
        {
            await RepairChangesLockedAsync(fromChange, subscription.LastChangeSeq);
        }
    });

    public Task OnRoomEvents(RoomEventBatch batch) => DeliverGuardedAsync(batch, async events =>
    {
        foreach (var roomEvent in events.Events)
        {
            await DeliverLockedAsync(roomEvent);
        }
    });

    private long LowestActiveCursor()
    {
        var from = long.MaxValue;
        foreach (var subscriber in _subscribers)
        {
            if (!subscriber.Paused && subscriber.Cursor >= 0)
            {
                from = Math.Min(from, subscriber.Cursor);
            }
        }

        return from;
    }

    private async Task CatchUpLockedAsync(RoomSubscriber subscriber)
    {
        if (subscriber.Cursor >= 0 && subscriber.Cursor < LastSeenSeq)
        {
            await RepairLockedAsync(subscriber.Cursor, LastSeenSeq);
        }

        if (subscriber.ChangeCursor >= 0 && subscriber.ChangeCursor < LastSeenChangeSeq)
        {
            await RepairChangesLockedAsync(subscriber.ChangeCursor, LastSeenChangeSeq);
        }
    }

    private async Task DeliverLockedAsync(RoomEvent evt)
    {
        switch (evt.Kind)
        {
            case RoomEventKind.Message:
                await DeliverMessageLockedAsync(evt);
                break;
            case RoomEventKind.MessageEdited or RoomEventKind.MessageDeleted:
                await DeliverChangeLockedAsync(evt.Change!);
                break;
            case RoomEventKind.MemberRemoved:
                // To the other members (the removed user's sessions learn it from their RoomLeft push),
                // and the removed user's sessions get nothing more from the room: later events find them gone.
                DeliverToAll(evt);
                RemoveUserLocked(evt.UserId);
                break;
            default:
                DeliverToAll(evt);
                break;
        }
    }

    private async Task DeliverMessageLockedAsync(RoomEvent evt)
    {
        var seq = evt.Seq;
        LastSeenSeq = Math.Max(LastSeenSeq, seq);

        var gapFrom = long.MaxValue;
        foreach (var subscriber in _subscribers)
        {
            if (!subscriber.Paused && subscriber.Cursor >= 0 && subscriber.Cursor < seq - 1)
            {
                gapFrom = Math.Min(gapFrom, subscriber.Cursor);
            }
        }

        if (gapFrom != long.MaxValue)
        {
            await RepairLockedAsync(gapFrom, seq - 1);
        }

        OutboundEvent? outbound = null;
        var delivered = 0;
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Paused || subscriber.Cursor >= seq)
            {
                continue; // joining (catches up after its ack), or a duplicate from a push or a repair
            }

            outbound ??= RoomEventEncoding.NewMessage(evt.Message!);
            subscriber.Deliver(outbound, seq);
            delivered++;
        }

        if (delivered > 0)
        {
            GatewayMetrics.RoomMessageDelivered(delivered, evt.Message!.Timestamp);
        }
    }

    private void DeliverToAll(RoomEvent evt)
    {
        OutboundEvent? outbound = null;
        var delivered = 0;
        foreach (var subscriber in _subscribers)
        {
            if (evt.ExcludesSubject && subscriber.Session.User.Id == evt.UserId)
            {
                continue;
            }

            outbound ??= RoomEventEncoding.ToOutbound(evt);
            subscriber.Session.Enqueue(outbound);
            delivered++;
        }

        GatewayMetrics.Delivered(delivered, "room");
    }

    /// <summary>Delivers the messages with seq in (fromSeq, toSeq] from history to every subscriber behind them.</summary>
    private async Task RepairLockedAsync(long fromSeq, long toSeq)
    {
        var after = fromSeq;
        for (var page = 0; page < MaxRepairPages && after < toSeq; page++)
        {
            HistoryResult history;
            try
            {
                history = await _room.GetHistory(new HistoryRequest
                {
                    UserId = string.Empty,
                    AfterSeq = after,
                    Limit = (int)Math.Min(RepairPageSize, toSeq - after),
                    BypassMembership = true,
                });
            }
            catch (Exception ex)
            {
                LogRepairFailed(Logger, ex, RoomId, fromSeq, toSeq);
                return;
            }

            if (history.Messages.Count == 0)
            {
                return; // lost to retention: nothing more to give
            }

            foreach (var message in history.Messages)
            {
                if (message.Seq > toSeq)
                {
                    return;
                }

                OutboundEvent? outbound = null;
                var replayed = 0;
                foreach (var subscriber in _subscribers)
                {
                    if (!subscriber.Paused && subscriber.Cursor >= 0 && subscriber.Cursor < message.Seq)
                    {
                        outbound ??= RoomEventEncoding.NewMessage(message);
                        subscriber.Deliver(outbound, message.Seq);
                        replayed++;
                    }
                }

                GatewayMetrics.MessagesReplayed(replayed);

                after = message.Seq;
                LastSeenSeq = Math.Max(LastSeenSeq, message.Seq);
            }
        }
    }

    [LoggerMessage(EventId = 5409, Level = LogLevel.Warning, Message = "Repairing room {RoomId} from seq {FromSeq} to {ToSeq} failed")]
    private static partial void LogRepairFailed(ILogger logger, Exception ex, string roomId, long fromSeq, long toSeq);
}
