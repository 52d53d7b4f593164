using Orleans.Chat.Grains;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Tests.Unit;

/// <summary>
/// A fake room with messages that can be edited and deleted: its history and its changed messages
/// (GetChanges: each once at its last change, ascending change seq) are its current state.
/// </summary>
internal sealed class ChangingRoom
{
    private readonly List<ChatMessage> _messages = [];

    public ChangingRoom() => Grain = CallHandlerProxy.Create<IRoomGrain>((method, args) => method switch
    {
        nameof(IRoomGrain.Subscribe) => Subscribe(),
        nameof(IRoomGrain.Unsubscribe) => Task.CompletedTask,
        nameof(IRoomGrain.GetHistory) => GetHistory((HistoryRequest)args[0]!),
        nameof(IRoomGrain.GetChanges) => GetChanges((ChangesRequest)args[0]!),
        _ => throw new NotSupportedException(method),
    });

    public IRoomGrain Grain { get; }

    public long LastSeq => _messages.Count;

    public long LastChangeSeq { get; private set; }

    public bool ChangesFail { get; set; }

    public List<ChangesRequest> ChangeRequests { get; } = [];

    private int Subscribes { get; set; }

    public static string EditedContent(long seq, long changeSeq) => $"message {seq} as of change {changeSeq}";

    /// <summary>Stores the next message (the caller pushes it, or not: a lost push).</summary>
    public ChatMessage Send()
    {
        var seq = _messages.Count + 1;
        var message = new ChatMessage
        {
            Id = $"m{seq}",
            RoomId = "room-1",
            Seq = seq,
            UserId = "bob",
            User = new UserRef { Id = "bob", Name = "bob" },
            Content = $"message {seq}",
            Type = "text",
            Timestamp = seq,
        };
        _messages.Add(message);
        return message;
    }

    /// <summary>Bob (the author of every message) edits one; returns the change as the room publishes it.</summary>
    public MessageChange Edit(long seq)
    {
        var changeSeq = ++LastChangeSeq;
        var content = EditedContent(seq, changeSeq);
        _messages[(int)seq - 1] = _messages[(int)seq - 1] with { Content = content, Edited = true, EditedAt = 1000 + changeSeq, ChangeSeq = changeSeq };
        return new MessageChange
        {
            Kind = MessageChangeKind.Edited,
            ScopeId = "room-1",
            Seq = seq,
            MessageId = $"m{seq}",
            Content = content,
            ChangedAt = 1000 + changeSeq,
            ChangedBy = "bob",
            ChangeSeq = changeSeq,
        };
    }

    public MessageChange Delete(long seq, string by)
    {
        var changeSeq = ++LastChangeSeq;
        _messages[(int)seq - 1] = _messages[(int)seq - 1] with { Content = "", Deleted = true, DeletedBy = by, ChangeSeq = changeSeq };
        return new MessageChange
        {
            Kind = MessageChangeKind.Deleted,
            ScopeId = "room-1",
            Seq = seq,
            MessageId = $"m{seq}",
            ChangedAt = 1000 + changeSeq,
            ChangedBy = by,
            ChangeSeq = changeSeq,
        };
    }

    private Task<RoomSubscription> Subscribe()
    {
        Subscribes++;
        return Task.FromResult(new RoomSubscription { WasSubscribed = Subscribes > 1, LastSeq = LastSeq, LastChangeSeq = LastChangeSeq });
    }

    private Task<HistoryResult> GetHistory(HistoryRequest request) => Task.FromResult(new HistoryResult
    {
        Messages = [.. _messages.Where(m => m.Seq > (request.AfterSeq ?? 0)).Take(request.Limit)],
        LastSeq = LastSeq,
    });

    private Task<RoomChangesResult> GetChanges(ChangesRequest request)
    {
        ChangeRequests.Add(request);
        if (ChangesFail)
        {
            return Task.FromException<RoomChangesResult>(new TimeoutException("room unavailable"));
        }

        var changed = _messages.Where(m => m.ChangeSeq > request.SinceChangeSeq).OrderBy(m => m.ChangeSeq).ToList();
        return Task.FromResult(new RoomChangesResult
        {
            Messages = [.. changed.Take(request.Limit)],
            LastChangeSeq = LastChangeSeq,
            HasMore = changed.Count > request.Limit,
        });
    }
}
