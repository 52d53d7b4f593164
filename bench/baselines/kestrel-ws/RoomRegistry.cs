using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Orleans.Chat.Bench.KestrelWs;

/// <summary>Rooms in memory: the connections in each and its next seq.</summary>
public sealed class RoomRegistry
{
    private readonly ConcurrentDictionary<string, Room> _rooms = new(StringComparer.Ordinal);

    public Room GetOrCreate(string roomId) => _rooms.GetOrAdd(roomId, static id => new Room(id));

    public Room? Find(string roomId) => _rooms.GetValueOrDefault(roomId);
}

public sealed class Room(string id)
{
    private readonly Lock _gate = new();
    private ImmutableArray<ChatConnection> _connections = [];
    private long _seq;

    public string Id { get; } = id;

    public long LastSeq => Volatile.Read(ref _seq);

    public void Add(ChatConnection connection)
    {
        lock (_gate)
        {
            if (!_connections.Contains(connection))
            {
                _connections = _connections.Add(connection);
            }
        }
    }

    public void Remove(ChatConnection connection)
    {
        lock (_gate)
        {
            _connections = _connections.Remove(connection);
        }
    }

    public bool Contains(ChatConnection connection) => _connections.Contains(connection);

    /// <summary>Takes the next seq and queues the frame it encodes to every connection, in seq order.</summary>
    public long Publish(Func<long, byte[]> encode)
    {
        lock (_gate)
        {
            var seq = ++_seq;
            var frame = encode(seq);
            foreach (var connection in _connections)
            {
                connection.Enqueue(frame);
            }

            return seq;
        }
    }
}
