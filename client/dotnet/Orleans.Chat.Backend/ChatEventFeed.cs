using Microsoft.Extensions.Logging;
using Orleans.Chat.Grains;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;

namespace Orleans.Chat.Backend;

/// <summary>
/// One consumer of the chat-events feed: per partition stream, in order, it drops repeats, repairs
/// message gaps from history (handing the missing messages to the handler first) and reports gaps.
/// A scope's events all travel on one partition, so each partition keeps its own seqs under its own gate.
/// </summary>
internal sealed class ChatEventFeed
{
    private readonly IGrainFactory _grains;
    private readonly Func<ChatEvent, Task> _handler;
    private readonly Func<ChatEventGap, Task>? _onGap;
    private readonly ChatBackendOptions _options;
    private readonly ILogger _logger;
    private readonly Partition[] _partitions;

    public ChatEventFeed(IGrainFactory grains, Func<ChatEvent, Task> handler, Func<ChatEventGap, Task>? onGap, ChatBackendOptions options, ILogger logger)
    {
        (_grains, _handler, _onGap, _options, _logger) = (grains, handler, onGap, options, logger);
        var perPartition = Math.Max(1, options.MaxTrackedScopes / ChatStreams.ChatEventPartitions);
        _partitions = [.. Enumerable.Range(0, ChatStreams.ChatEventPartitions).Select(_ => new Partition(new ScopeSeqs(perPartition)))];
    }

    public async Task OnNextAsync(int partition, ChatEvent chatEvent)
    {
        var state = _partitions[partition];
        await state.Gate.WaitAsync();
        try
        {
            await HandleAsync(state.Seqs, chatEvent);
        }
        finally
        {
            state.Gate.Release();
        }
    }

    private async Task HandleAsync(ScopeSeqs seqs, ChatEvent chatEvent)
    {
        var seen = seqs.Get(chatEvent.Scope, chatEvent.ScopeId);
        switch (chatEvent.Kind)
        {
            case ChatEventKind.RoomMessage or ChatEventKind.PrivateMessage:
                if (seen.MessageSeq > 0 && chatEvent.Seq <= seen.MessageSeq)
                {
                    return; // Seen already (delivered again, or repaired from history before it came).
                }

                if (seen.MessageSeq > 0 && chatEvent.Seq > seen.MessageSeq + 1)
                {
                    await RepairAsync(chatEvent, seen.MessageSeq);
                }

                seen.MessageSeq = chatEvent.Seq;
                break;
            case ChatEventKind.MessageEdited or ChatEventKind.MessageDeleted:
                if (seen.ChangeSeq > 0 && chatEvent.Seq <= seen.ChangeSeq)
                {
                    return;
                }

                if (seen.ChangeSeq > 0 && chatEvent.Seq > seen.ChangeSeq + 1)
                {
                    await ReportAsync(new ChatEventGap(chatEvent.Scope, chatEvent.ScopeId, Changes: true, seen.ChangeSeq, chatEvent.Seq, Repaired: 0));
                }

                seen.ChangeSeq = chatEvent.Seq;
                break;
            default:
                // Membership kinds carry a position, not a seq of their own: nothing to check.
                break;
        }

        await DeliverAsync(chatEvent);
    }

    private async Task RepairAsync(ChatEvent next, long afterSeq)
    {
        var missing = await ReadMissingAsync(next, afterSeq);
        foreach (var repaired in missing)
        {
            await DeliverAsync(repaired);
        }

        await ReportAsync(new ChatEventGap(next.Scope, next.ScopeId, Changes: false, afterSeq, next.Seq, missing.Count));
    }

    private async Task<IReadOnlyList<ChatEvent>> ReadMissingAsync(ChatEvent next, long afterSeq)
    {
        var limit = (int)Math.Min(next.Seq - afterSeq - 1, _options.MaxRepairMessages);
        try
        {
            if (next.Scope == ChatEventScope.Room)
            {
                var history = await _grains.GetGrain<IRoomGrain>(next.ScopeId).GetHistory(new HistoryRequest
                {
                    UserId = _options.UserId,
                    AfterSeq = afterSeq,
                    Limit = limit,
                    BypassMembership = true,
                });
                return [.. history.Messages.Where(message => message.Seq < next.Seq).Select(message => RoomEvent(next.ScopeId, message))];
            }

            // A conversation's history is read as one of its two users: the sender of the event at hand.
            if (next.PrivateMessage is not { } shown)
            {
                return [];
            }

            var conversation = await _grains.GetGrain<IConversationGrain>(next.ScopeId).GetHistory(new ConversationHistoryRequest
            {
                UserId = shown.FromUserId,
                AfterSeq = afterSeq,
                Limit = limit,
            });
            return [.. conversation.Messages.Where(message => message.Seq < next.Seq).Select(message => PrivateEvent(next.ScopeId, message))];
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.RepairFailed(next.ScopeId, ex);
            return [];
        }
    }

    private async Task DeliverAsync(ChatEvent chatEvent)
    {
        try
        {
            await _handler(chatEvent);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // One bad event must not stop the feed for every other scope of the partition.
            _logger.HandlerFailed(chatEvent.Kind.ToString(), chatEvent.ScopeId, chatEvent.Seq, ex);
        }
    }

    private async Task ReportAsync(ChatEventGap gap)
    {
        _logger.FeedGap(gap.Scope.ToString(), gap.ScopeId, gap.AfterSeq + 1, gap.BeforeSeq - 1, gap.Repaired);
        if (_onGap is not null)
        {
            try
            {
                await _onGap(gap);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _logger.HandlerFailed("gap", gap.ScopeId, gap.BeforeSeq, ex);
            }
        }
    }

    private static ChatEvent RoomEvent(string roomId, ChatMessage message) => new()
    {
        Kind = ChatEventKind.RoomMessage,
        Scope = ChatEventScope.Room,
        ScopeId = roomId,
        Seq = message.Seq,
        Timestamp = message.Timestamp,
        RoomMessage = message,
    };

    private static ChatEvent PrivateEvent(string conversationId, PrivateMessage message) => new()
    {
        Kind = ChatEventKind.PrivateMessage,
        Scope = ChatEventScope.Conversation,
        ScopeId = conversationId,
        Seq = message.Seq,
        Timestamp = message.Timestamp,
        PrivateMessage = message,
    };

    private sealed record Partition(ScopeSeqs Seqs)
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
    }
}
