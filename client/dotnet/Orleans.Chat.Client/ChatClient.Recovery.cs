using System.Text.Json;
using Orleans.Chat.Client.Internal;
using Orleans.Chat.Client.Internal.Wire;

namespace Orleans.Chat.Client;

// After a reconnect: re-join each room with the last seq the app got, and raise what it missed.
public sealed partial class ChatClient
{
    // The most get-history gives at once.
    private const int HistoryPageLimit = 100;

    /// <summary>
    /// Sends a join-room with sinceSeq for every room with a known seq. Until its ack, the room's live
    /// messages are held: they may come before the ack, and the ack then leaves them out. The
    /// conversations catch up alongside; <see cref="Recovered"/> follows once both are done.
    /// </summary>
    private void StartRecoveryLocked(SocketConnection connection)
    {
        var joins = new List<(string RoomId, long SinceSeq, Task<JsonElement> Ack)>();
        foreach (var (roomId, sinceSeq) in _rooms.BeginRecovery())
        {
            // Without a known change seq the server lists every retained changed message: a harmless superset.
            var sinceChangeSeq = _roomChanges.Begin(roomId);
            var request = CreateRequestLocked(EventNames.JoinRoom, new JoinRoomPayload(roomId, sinceSeq, sinceChangeSeq), ClientJsonContext.Default.JoinRoomPayload, resend: false);
            joins.Add((roomId, sinceSeq, request.Ack));
        }

        var session = _session;
        // Conversations' live changes wait until each conversation's change recovery has run, so none of them
        // moves its change seq past the changes missed meanwhile.
        _conversationChanges.BeginAll(_conversations.Known().Select(static c => c.ConversationId));
        var conversations = StartConversationRecoveryLocked(connection);
        _ = FinishRecoveryAsync(connection, joins, RecoverConversationChangesAfterAsync(connection, conversations, session?.Sidebar));
    }

    private async Task FinishRecoveryAsync(SocketConnection connection, List<(string RoomId, long SinceSeq, Task<JsonElement> Ack)> joins, Task<List<ConversationRecovery>> conversations)
    {
        var rooms = new List<RoomRecovery>(joins.Count);
        foreach (var (roomId, sinceSeq, pendingAck) in joins)
        {
            JoinRoomAck? ack = null;
            ChatException? error = null;
            try
            {
                ack = AckReader.Read(await pendingAck.ConfigureAwait(false), ClientJsonContext.Default.JoinRoomAck, EventNames.JoinRoom);
                if (ack.HasMore)
                {
                    ack = await FetchRestOfJoinAsync(roomId, sinceSeq, ack).ConfigureAwait(false);
                }
            }
            catch (ChatException ex)
            {
                error = ex; // an error ack, a timeout, or the connection dropped (then the check below ends this recovery)
            }

            List<ChatMessage>? missed;
            lock (_gate)
            {
                if (_connection != connection)
                {
                    return; // dropped again: the next connection's recovery starts over from the same seqs
                }

                // Merge the fetched messages with the live ones held meanwhile; each seq once, in order.
                missed = _rooms.EndRecovery(roomId, ack?.RecentMessages ?? [], ack?.LastSeq);
                foreach (var message in missed ?? [])
                {
                    RaiseRoomMessageLocked(message);
                }
            }

            // Then the edits and deletes of messages the app had: the ack's first page, the rest by get-changes.
            var (changes, lastChangeSeq, changeError) = ack is null
                ? ([], null, error)
                : await FetchRoomChangesAsync(roomId, ack).ConfigureAwait(false);
            lock (_gate)
            {
                if (_connection != connection)
                {
                    return;
                }

                var raised = _roomChanges.End(roomId, changes, changeError is null ? lastChangeSeq : null);
                RaiseChangesLocked(raised);
                if (missed is null)
                {
                    continue; // the app left the room meanwhile
                }

                rooms.Add(new RoomRecovery
                {
                    RoomId = roomId,
                    Recovered = ack is { Recovered: not false } && changeError is null,
                    Missed = missed.Count,
                    Changes = raised.Count,
                    Room = ack?.Room,
                    Members = ack?.Members,
                    Error = error ?? changeError,
                });
            }
        }

        var conversationRecoveries = await conversations.ConfigureAwait(false);
        lock (_gate)
        {
            if (_connection == connection)
            {
                Raise(static c => c.Recovered, new RecoveredEvent { Rooms = rooms, Conversations = conversationRecoveries });
            }
        }
    }

    /// <summary>
    /// A join ack with hasMore carried only the first page after sinceSeq: the rest, up to the ack's
    /// lastSeq (where live messages take over), comes from get-history afterSeq, page by page.
    /// </summary>
    private async Task<JoinRoomAck> FetchRestOfJoinAsync(string roomId, long sinceSeq, JoinRoomAck ack)
    {
        var messages = new List<ChatMessage>(ack.RecentMessages);
        var after = Math.Max(sinceSeq, messages.Count > 0 ? messages[^1].Seq : sinceSeq);
        while (after < ack.LastSeq)
        {
            var page = await GetHistoryAsync(roomId, afterSeq: after, limit: HistoryPageLimit).ConfigureAwait(false);
            var fresh = page.Messages.Where(message => message.Seq > after && message.Seq <= ack.LastSeq).ToList();
            if (fresh.Count == 0)
            {
                break; // lost to retention meanwhile: nothing more to fetch
            }

            messages.AddRange(fresh);
            after = fresh[^1].Seq;
        }

        return ack with { RecentMessages = messages };
    }
}
