namespace Orleans.Chat.Client.Internal;

/// <summary>
/// Per room, the highest seq given to the app, and while a room recovers after a reconnect, the live
/// messages that arrived before its re-join ack. Decides which room messages the app gets: each seq
/// once, in order. Not thread-safe: the client's lock guards it.
/// </summary>
internal sealed class RoomSeqTracker
{
    private readonly Dictionary<string, RoomSeq> _rooms = new(StringComparer.Ordinal);

    public long? LastSeq(string roomId) => _rooms.TryGetValue(roomId, out var room) ? room.LastSeq : null;

    /// <summary>On connect the server's room list is the truth: rooms left elsewhere go (returned), new ones are tracked (seq unknown).</summary>
    public List<string> Reconcile(IReadOnlyList<string> serverRooms)
    {
        var current = new HashSet<string>(serverRooms, StringComparer.Ordinal);
        var gone = _rooms.Keys.Where(id => !current.Contains(id)).ToList();
        foreach (var roomId in gone)
        {
            _rooms.Remove(roomId);
        }

        foreach (var roomId in current)
        {
            _rooms.TryAdd(roomId, new RoomSeq());
        }

        return gone;
    }

    /// <summary>A live new-message: true when the app should get it now (and it is recorded as the last seq).</summary>
    public bool AcceptLive(ChatMessage message)
    {
        var room = Get(message.RoomId);
        if (room.Held is { } held)
        {
            held.Add(message); // the recovery delivers it in order with the fetched ones
            return false;
        }

        return room.Advance(message.Seq);
    }

    /// <summary>
    /// The app's own join-room ack: live messages that follow have seq above <paramref name="lastSeq"/>, the
    /// ack's messages cover the rest. A recovering room keeps its seq, so nothing the recovery replays is skipped.
    /// </summary>
    public void Joined(string roomId, long lastSeq)
    {
        var room = Get(roomId);
        if (room.Held is null)
        {
            room.LastSeq = Math.Max(room.LastSeq ?? 0, lastSeq);
        }
    }

    /// <summary>A room created now has no messages yet, so 0 is a safe baseline for recovery.</summary>
    public void Created(string roomId) => _rooms.TryAdd(roomId, new RoomSeq { LastSeq = 0 });

    public void Left(string roomId) => _rooms.Remove(roomId);

    /// <summary>After a reconnect: every room with a known seq holds its live messages until its re-join ack.</summary>
    public List<(string RoomId, long SinceSeq)> BeginRecovery()
    {
        var rooms = new List<(string, long)>();
        foreach (var (roomId, room) in _rooms)
        {
            if (room.LastSeq is { } lastSeq)
            {
                room.Held = [];
                rooms.Add((roomId, lastSeq));
            }
        }

        return rooms;
    }

    /// <summary>
    /// Ends a room's recovery: merges the messages fetched by the re-join with the live ones held
    /// meanwhile (either may lack some the other has) and returns those the app has not had, once
    /// each, in seq order. Null when the room is not recovering any more (left, or the connection dropped).
    /// </summary>
    /// <param name="roomId">The room.</param>
    /// <param name="fetched">The re-join ack's messages (none when it failed).</param>
    /// <param name="serverLastSeq">The re-join ack's lastSeq; null when it failed.</param>
    public List<ChatMessage>? EndRecovery(string roomId, IReadOnlyList<ChatMessage> fetched, long? serverLastSeq)
    {
        if (!_rooms.TryGetValue(roomId, out var room) || room.Held is not { } held)
        {
            return null;
        }

        room.Held = null;
        if (serverLastSeq < room.LastSeq)
        {
            // The room restarted its numbering (a server without durable storage restarted): the old
            // seq would hide every new message, so start over from what the server sends now.
            room.LastSeq = null;
        }

        held.AddRange(fetched);
        held.Sort(static (a, b) => a.Seq.CompareTo(b.Seq));
        return [.. held.Where(message => room.Advance(message.Seq))];
    }

    /// <summary>The connection dropped: held live messages are fetched again by the next recovery.</summary>
    public void DropHeld()
    {
        foreach (var room in _rooms.Values)
        {
            room.Held = null;
        }
    }

    private RoomSeq Get(string roomId)
    {
        if (!_rooms.TryGetValue(roomId, out var room))
        {
            room = new RoomSeq();
            _rooms.Add(roomId, room);
        }

        return room;
    }

    private sealed class RoomSeq
    {
        public long? LastSeq { get; set; }

        public List<ChatMessage>? Held { get; set; }

        /// <summary>Records the seq unless it was given already (a duplicate).</summary>
        public bool Advance(long seq)
        {
            if (LastSeq is { } last && seq <= last)
            {
                return false;
            }

            LastSeq = seq;
            return true;
        }
    }
}
