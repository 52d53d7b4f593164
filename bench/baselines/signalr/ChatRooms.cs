using System.Collections.Concurrent;

namespace Orleans.Chat.Bench.SignalR;

/// <summary>Every room of the process, in memory.</summary>
public sealed class ChatRooms
{
    private readonly ConcurrentDictionary<string, ChatRoom> _rooms = new(StringComparer.Ordinal);

    public ChatRoom GetOrCreate(string roomId) => _rooms.GetOrAdd(roomId, static id => new ChatRoom(id));

    public ChatRoom? Find(string roomId) => _rooms.GetValueOrDefault(roomId);
}

/// <summary>One room: members, the next seq and recent history, under one lock.</summary>
public sealed class ChatRoom(string id)
{
    private const int HistoryPerRoom = 1000;

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _publishing = new(1, 1);
    private readonly Dictionary<string, string> _members = new(StringComparer.Ordinal);
    private readonly Queue<ChatMessage> _history = new();
    private long _seq;

    public string Id { get; } = id;

    public JoinAck Join(string userId, string name, int recent)
    {
        lock (_gate)
        {
            _members[userId] = name;
            var members = _members.Select(member => new RoomMember(member.Key, member.Value, "online")).ToArray();
            return new JoinAck(true, new RoomInfo(Id, Id, "public", null), members, [.. _history.TakeLast(recent)], _seq);
        }
    }

    /// <summary>
    /// Assigns the next seq, records the message and hands it to <paramref name="publish"/>, one
    /// message of the room at a time: without this, two hub calls running at once would reach
    /// the group's connections out of seq order. Null when the user is not a member.
    /// </summary>
    public async Task<ChatMessage?> PublishAsync(string userId, string name, string content, string type, Func<ChatMessage, Task> publish)
    {
        await _publishing.WaitAsync();
        try
        {
            var message = Append(userId, name, content, type);
            if (message is not null)
            {
                await publish(message);
            }

            return message;
        }
        finally
        {
            _publishing.Release();
        }
    }

    private ChatMessage? Append(string userId, string name, string content, string type)
    {
        lock (_gate)
        {
            if (!_members.ContainsKey(userId))
            {
                return null;
            }

            var message = new ChatMessage(
                Guid.NewGuid().ToString("N"), Id, ++_seq, userId, new UserRef(userId, name), content, type,
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), false, false);
            _history.Enqueue(message);
            if (_history.Count > HistoryPerRoom)
            {
                _history.Dequeue();
            }

            return message;
        }
    }
}
