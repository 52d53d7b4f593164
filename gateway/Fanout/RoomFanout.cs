using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Chat.Gateway.Options;
using Orleans.Chat.Gateway.Sessions;
using Orleans.Chat.Model;

namespace Orleans.Chat.Gateway.Fanout;

/// <summary>A join in progress: the room's topic is subscribed and kept until the join completes or is abandoned.</summary>
public sealed class RoomJoinTicket
{
    private readonly long _firstLiveSeq;
    private readonly long _lastLiveSeq;

    internal RoomJoinTicket(RoomTopic topic, long firstLiveSeq, long lastLiveSeq)
    {
        Topic = topic;
        _firstLiveSeq = firstLiveSeq;
        _lastLiveSeq = lastLiveSeq;
    }

    internal RoomTopic Topic { get; }

    /// <summary>
    /// The messages of a join ack the session has not had yet: a connection subscribed to the room
    /// before this join may have received some of them live.
    /// </summary>
    public IReadOnlyList<ChatMessage> NotYetDelivered(IReadOnlyList<ChatMessage> messages) =>
        _firstLiveSeq == 0 ? messages : [.. messages.Where(m => m.Seq < _firstLiveSeq || m.Seq > _lastLiveSeq)];
}

/// <summary>
/// The gateway's local room registry: one <see cref="RoomTopic"/> (one room subscription)
/// per room that has at least one local session, created on demand and dropped when empty.
/// </summary>
public sealed class RoomFanout(IClusterClient client, IOptions<GatewayOptions> options, ILoggerFactory loggerFactory)
{
    private readonly ConcurrentDictionary<string, RoomTopic> _topics = new(StringComparer.Ordinal);
    private readonly IClusterClient _client = client;
    private readonly string _gatewayId = options.Value.Id;
    private readonly ILogger _logger = loggerFactory.CreateLogger<RoomFanout>();

    /// <summary>Rooms with at least one local session (or a join in progress).</summary>
    public int RoomCount => _topics.Count;

    /// <summary>
    /// First step of a join: subscribes to the room before the join call so that nothing
    /// published after the call starts can be missed. Finish with <see cref="CompleteJoinAsync"/>
    /// or <see cref="AbandonJoinAsync"/>.
    /// </summary>
    public async Task<RoomJoinTicket> BeginJoinAsync(string roomId, ChatSession session)
    {
        while (true)
        {
            var topic = GetOrCreate(roomId);
            if (await topic.TryBeginJoinAsync(session) is { } delivered)
            {
                return new RoomJoinTicket(topic, delivered.FirstLiveSeq, delivered.LastLiveSeq);
            }

            Forget(topic);
        }
    }

    /// <summary>
    /// Registers the session with the seq and change seq the join returned; it is then given every
    /// later message and every later change once.
    /// </summary>
    public async Task CompleteJoinAsync(RoomJoinTicket ticket, ChatSession session, long lastSeq, long lastChangeSeq)
    {
        session.TrackRoom(ticket.Topic.RoomId);
        await ticket.Topic.TryAddAsync(session, lastSeq, completesJoin: true, lastChangeSeq);
        if (session.IsClosed)
        {
            await RemoveAsync(ticket.Topic.RoomId, session);
        }
    }

    public async Task AbandonJoinAsync(RoomJoinTicket ticket, ChatSession session)
    {
        await ticket.Topic.AbandonJoinAsync(session);
        Forget(ticket.Topic);
    }

    /// <summary>Registers the session in the room, with no baseline (it receives what comes next).</summary>
    public async Task AddAsync(string roomId, ChatSession session)
    {
        if (session.IsClosed)
        {
            return;
        }

        session.TrackRoom(roomId);
        while (true)
        {
            var topic = GetOrCreate(roomId);
            if (await topic.TryAddAsync(session, RoomSubscriber.NoBaseline, completesJoin: false))
            {
                if (session.IsClosed)
                {
                    await RemoveAsync(roomId, session); // closed while being added
                }

                return;
            }

            Forget(topic);
        }
    }

    /// <summary>
    /// Registers the session with the position a previous connection reached, then gives it every
    /// later message from history and then every later change (Socket.IO connection state recovery).
    /// A <paramref name="changeCursor"/> of <see cref="RoomSubscriber.NoBaseline"/> (a point saved by
    /// an older gateway) starts at the room's change counter.
    /// </summary>
    public async Task AddRecoveredAsync(string roomId, ChatSession session, long cursor, long changeCursor = RoomSubscriber.NoBaseline)
    {
        session.TrackRoom(roomId);
        while (true)
        {
            var topic = GetOrCreate(roomId);
            if (await topic.TryAddAsync(session, cursor, completesJoin: false, changeCursor))
            {
                await topic.ResyncAsync();
                return;
            }

            Forget(topic);
        }
    }

    /// <summary>
    /// Room id -> seq of the last message, and room id -> change seq of the last change, given to the
    /// session, for the rooms where it has them: where a recovered connection resumes.
    /// </summary>
    public async Task<(Dictionary<string, long> Cursors, Dictionary<string, long> ChangeCursors)> RecoveryCursorsOfAsync(ChatSession session)
    {
        var cursors = new Dictionary<string, long>(StringComparer.Ordinal);
        var changeCursors = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var roomId in session.RoomsSnapshot())
        {
            if (!_topics.TryGetValue(roomId, out var topic))
            {
                continue;
            }

            var (cursor, changeCursor) = await topic.CursorsOfAsync(session);
            if (cursor is { } seq)
            {
                cursors[roomId] = seq;
            }

            if (changeCursor is { } changeSeq)
            {
                changeCursors[roomId] = changeSeq;
            }
        }

        return (cursors, changeCursors);
    }

    public async Task RemoveAsync(string roomId, ChatSession session)
    {
        session.UntrackRoom(roomId);
        if (_topics.TryGetValue(roomId, out var topic))
        {
            await topic.RemoveAsync(session);
            Forget(topic);
        }
    }

    /// <summary>
    /// Re-asserts every local room's subscription and repairs what each missed from history (see
    /// <see cref="RoomTopic.RenewAsync"/>): after the cluster changed, or the gateway's lease had lapsed.
    /// </summary>
    public async Task RenewAllAsync()
    {
        foreach (var topic in _topics.Values)
        {
            await topic.RenewAsync();
        }
    }

    private RoomTopic GetOrCreate(string roomId) =>
        _topics.GetOrAdd(roomId, static (id, self) => new RoomTopic(id, self._gatewayId, self._client, self._logger), this);

    private void Forget(RoomTopic topic)
    {
        if (topic.Closed)
        {
            _topics.TryRemove(new KeyValuePair<string, RoomTopic>(topic.RoomId, topic));
        }
    }
}
