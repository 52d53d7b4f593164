using Microsoft.Extensions.Logging;
using Orleans.Chat.Model;
using Orleans.Chat.Streams;
using Orleans.Streams;

namespace Orleans.Chat.Grains;

/// <summary>
/// One room's or conversation's side of the <c>chat-events</c> feed: builds the <see cref="ChatEvent"/>
/// of a write that is already stored and sends it on the scope's partition stream. The sender's call
/// does not wait for the stream queue: events go out one send at a time in the order they were
/// stored (what arrives during a send goes as one batch with the next), so a scope's order holds.
/// A failed send is logged and not retried; the consumer sees the gap and repairs it from history.
/// </summary>
/// <remarks>
/// Everything here runs on the owning activation's scheduler (sends are started from its turns and
/// resume on it), so the pending list needs no lock. Null when the feed is off: callers write
/// <c>_events?.Message(...)</c>, which costs nothing then.
/// </remarks>
internal sealed class ChatEventPublisher
{
    private readonly ChatEventScope _scope;
    private readonly string _scopeId;
    private readonly IAsyncStream<ChatEvent> _stream;
    private readonly int _maxPending;
    private readonly TimeProvider _time;
    private readonly Func<long> _lastSeq;
    private readonly ILogger _logger;
    private List<ChatEvent> _pending = [];
    private Task _sending = Task.CompletedTask;
    private bool _isSending;
    private bool _overflowing;

    private ChatEventPublisher(
        ChatEventScope scope, string scopeId, IAsyncStream<ChatEvent> stream, int maxPending, TimeProvider time, Func<long> lastSeq, ILogger logger)
    {
        _scope = scope;
        _scopeId = scopeId;
        _stream = stream;
        _maxPending = maxPending;
        _time = time;
        _lastSeq = lastSeq;
        _logger = logger;
    }

    /// <summary>
    /// The publisher of <paramref name="grain"/>'s scope, or null when the feed is off;
    /// <paramref name="lastSeq"/> reads the scope's last message seq (the position of a membership event).
    /// </summary>
    public static ChatEventPublisher? Create(
        Grain grain, ChatEventScope scope, ChatEventsOptions options, TimeProvider time, Func<long> lastSeq, ILogger logger)
    {
        if (!options.Enabled)
        {
            return null;
        }

        var scopeId = grain.GetPrimaryKeyString();
        var stream = grain.GetStreamProvider(ChatStreams.ProviderName).GetStream<ChatEvent>(ChatStreams.ChatEvents(scopeId));
        return new ChatEventPublisher(scope, scopeId, stream, options.MaxPendingPerScope, time, lastSeq, logger);
    }

    public void RoomMessages(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            Enqueue(new ChatEvent
            {
                Kind = ChatEventKind.RoomMessage, Scope = _scope, ScopeId = _scopeId, Seq = message.Seq,
                Timestamp = message.Timestamp, RoomMessage = message, UserId = message.UserId,
            });
        }
    }

    public void PrivateMessage(PrivateMessage message) => Enqueue(new ChatEvent
    {
        Kind = ChatEventKind.PrivateMessage, Scope = _scope, ScopeId = _scopeId, Seq = message.Seq,
        Timestamp = message.Timestamp, PrivateMessage = message, UserId = message.FromUserId,
    });

    /// <summary>An edit or delete; its Seq is the change seq.</summary>
    public void Changed(MessageChange change) => Enqueue(new ChatEvent
    {
        Kind = change.Kind == MessageChangeKind.Deleted ? ChatEventKind.MessageDeleted : ChatEventKind.MessageEdited,
        Scope = _scope, ScopeId = _scopeId, Seq = change.ChangeSeq, Timestamp = change.ChangedAt, Change = change, UserId = change.ChangedBy,
    });

    /// <summary>A membership change, stored; its Seq is the scope's last message seq (a position only).</summary>
    public void Member(ChatEventKind kind, string userId, string? byUserId = null) => Enqueue(new ChatEvent
    {
        Kind = kind, Scope = _scope, ScopeId = _scopeId, Seq = _lastSeq(),
        Timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds(), UserId = userId, ByUserId = byUserId,
    });

    /// <summary>
    /// At deactivation: waits (until <paramref name="cancellationToken"/>) for what was published so
    /// far to be sent or to fail, so events of stored writes are not left behind.
    /// </summary>
    public static async Task DrainAsync(ChatEventPublisher? publisher, CancellationToken cancellationToken)
    {
        if (publisher is { _isSending: true })
        {
            try
            {
                await publisher._sending.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Deactivation could not wait longer: what is left is a gap consumers repair.
            }
        }
    }

    private void Enqueue(ChatEvent chatEvent)
    {
        if (_pending.Count >= _maxPending)
        {
            if (!_overflowing)
            {
                _overflowing = true;
                _logger.ChatEventsDropped(_scope, _scopeId, _pending.Count, chatEvent.Seq);
            }

            return;
        }

        _pending.Add(chatEvent);
        if (!_isSending)
        {
            _isSending = true;
            _sending = SendPendingAsync();
        }
    }

    private async Task SendPendingAsync()
    {
        // Serializing the event and issuing the queue call took 0.1-0.4 ms of the sender's own turn:
        // yield so the ack goes first, and so what the following turns store joins this batch.
        await Task.Yield();
        while (_pending.Count > 0)
        {
            var batch = _pending;
            _pending = [];
            _overflowing = false;
            try
            {
                // One queue call per send, however many events piled up meanwhile.
                await (batch.Count == 1 ? _stream.OnNextAsync(batch[0]) : _stream.OnNextBatchAsync(batch));
            }
            catch (Exception exception)
            {
                _logger.ChatEventsPublishFailed(_scope, _scopeId, batch[0].Seq, batch.Count, exception);
            }
        }

        _isSending = false;
    }
}
