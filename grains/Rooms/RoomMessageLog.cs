using Orleans.Chat.Events;
using Orleans.Chat.Grains.Files;
using Orleans.Chat.Grains.Metrics;
using Orleans.Chat.Model;

namespace Orleans.Chat.Grains;

/// <summary>
/// A room's messages: takes sends (refusals, clientMsgId dedupe, seqs), stores them in the room's
/// history, and serves history reads and a join's catch-up. A seq is taken only once its message is
/// stored, so seqs are gap-free and an acknowledged send is a stored one; stored messages are
/// published before the pages are compacted.
/// </summary>
internal sealed class RoomMessageLog(
    string roomId,
    MessageHistory<RoomHistoryPage, ChatMessage, RoomState> history,
    TimeProvider time,
    Action<RoomEvent[]> publish,
    ChatEventPublisher? events)
{
    public long LastSeq => history.LastSeq;

    /// <summary>
    /// Stores the requests that are accepted as one batch and answers each in order: refused, a
    /// duplicate (with the first message's answer), stored, or unavailable when its page write
    /// failed after an earlier page of the batch was stored. Throws when nothing could be stored.
    /// </summary>
    public async Task<SendMessageResult[]> SendAsync(SendMessageRequest[] requests, Func<string, bool> isMember)
    {
        var results = new SendMessageResult[requests.Length];
        var accepted = new List<(int Index, ChatMessage Message)>(requests.Length);
        for (var i = 0; i < requests.Length; i++)
        {
            if (Accept(requests[i], isMember, accepted) is { } answer)
            {
                results[i] = answer;
            }
            else
            {
                accepted.Add((i, NewMessage(requests[i], history.LastSeq + accepted.Count + 1)));
            }
        }

        var stored = await StoreAsync([.. accepted.Select(entry => entry.Message)]);
        ChatMeter.RoomMessagesStored(stored);
        for (var i = 0; i < accepted.Count; i++)
        {
            var (index, message) = accepted[i];
            results[index] = i < stored
                ? new SendMessageResult { MessageId = message.Id, Seq = message.Seq, Timestamp = message.Timestamp }
                : SendMessageResult.Failed(ChatError.Unavailable);
        }

        return results;
    }

    /// <summary>A page of history for a reader (the caller checks access).</summary>
    public IReadOnlyList<ChatMessage> Read(HistoryRequest request) => history.Read(request.AfterSeq, request.BeforeSeq, request.Limit);

    /// <summary>
    /// What a join gives the client: the recent messages, or with <paramref name="sinceSeq"/> the
    /// messages it missed (<see cref="Recover"/>) and whether more follow them.
    /// </summary>
    public (IReadOnlyList<ChatMessage> Messages, bool? Recovered, bool HasMore) CatchUp(long? sinceSeq, int recentLimit, int recoveryLimit)
    {
        if (sinceSeq is null)
        {
            return (history.Newest(recentLimit), null, false);
        }

        var (messages, recovered) = Recover(sinceSeq.Value, recentLimit, recoveryLimit);
        return (messages, recovered, messages.Count > 0 && messages[^1].Seq < history.LastSeq);
    }

    /// <summary>The answer for a request that stores nothing (refused, or a duplicate); null to store it.</summary>
    private SendMessageResult? Accept(SendMessageRequest request, Func<string, bool> isMember, List<(int Index, ChatMessage Message)> batch)
    {
        var sender = request.Sender;
        if (!request.BypassMembership && !isMember(sender.Id))
        {
            return SendMessageResult.Failed(ChatError.NotInRoom);
        }

        if (string.IsNullOrWhiteSpace(request.Content) || !FileContentRemoval.IsConsistent(request.Type, request.File))
        {
            return SendMessageResult.Failed(ChatError.InvalidFormat);
        }

        if (request.ClientMsgId is not { } clientMsgId)
        {
            return null;
        }

        var first = history.TryFind(sender.Id, clientMsgId, out var stored)
            ? stored
            : batch.Select(entry => entry.Message).FirstOrDefault(message => message.UserId == sender.Id && message.ClientMsgId == clientMsgId);
        return first is null ? null : new SendMessageResult { MessageId = first.Id, Seq = first.Seq, Timestamp = first.Timestamp, Duplicate = true };
    }

    private ChatMessage NewMessage(SendMessageRequest request, long seq) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        RoomId = roomId,
        Seq = seq,
        UserId = request.Sender.Id,
        User = request.Sender,
        Content = request.Content,
        Type = string.IsNullOrEmpty(request.Type) ? "text" : request.Type,
        Timestamp = time.GetUtcNow().ToUnixTimeMilliseconds(),
        ClientMsgId = request.ClientMsgId,
        File = request.File,
    };

    /// <summary>
    /// Stores the messages (consecutive seqs), publishes the stored ones in one push, then compacts.
    /// Returns how many were stored; throws when it is none.
    /// </summary>
    private async Task<int> StoreAsync(IReadOnlyList<ChatMessage> messages)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        var (stored, startedPage) = await history.StoreAsync(messages);
        var published = new RoomEvent[stored];
        for (var i = 0; i < stored; i++)
        {
            var message = messages[i];
            published[i] = new RoomEvent { Kind = RoomEventKind.Message, RoomId = roomId, UserId = message.UserId, Seq = message.Seq, Message = message };
        }

        publish(published);
        events?.RoomMessages(messages.Take(stored));
        await history.CompactAsync(writeOwnerState: startedPage);
        return stored;
    }

    /// <summary>
    /// The oldest retained messages after <paramref name="sinceSeq"/>, at most <paramref name="limit"/>
    /// (the client pages the rest from history); recovered when none between it and the last seq was
    /// lost to retention.
    /// </summary>
    private (IReadOnlyList<ChatMessage> Messages, bool Recovered) Recover(long sinceSeq, int recentLimit, int limit)
    {
        if (sinceSeq > history.LastSeq)
        {
            // The client saw seqs this room never had (its history was lost, e.g. in-memory storage
            // restarted): not recovered, and the recent messages as for a fresh join.
            return (history.Newest(recentLimit), false);
        }

        if (sinceSeq == history.LastSeq)
        {
            return ([], true);
        }

        return (history.Oldest(sinceSeq, Math.Max(1, limit)), sinceSeq >= history.FirstSeq - 1);
    }
}
