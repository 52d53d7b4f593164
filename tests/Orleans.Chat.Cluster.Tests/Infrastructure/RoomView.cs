using System.Text.Json;

namespace Orleans.Chat.Cluster.Tests.Infrastructure;

/// <summary>A room message as a client received it.</summary>
public readonly record struct SeenMessage(long Seq, string Id, string Content);

/// <summary>
/// What one user got of one room across its successive connections, applied the way a
/// recovering client applies it: live new-message events in arrival order; on each join-room
/// ack, its recentMessages. A reconnected connection is subscribed to the user's rooms at
/// connect, before its join-room with sinceSeq, so live messages that arrive before that ack
/// are merged with the ack by seq, and those the client already had are dropped (counted in
/// <see cref="KnownRedeliveries"/>). Nothing else is filtered: a duplicate, gap or reordering
/// anywhere else shows up in <see cref="Messages"/>.
/// </summary>
public sealed class RoomView
{
    private readonly List<SeenMessage> _messages = [];

    private RoomView(string roomId) => RoomId = roomId;

    public string RoomId { get; }

    /// <summary>Messages in the order the client applied them.</summary>
    public IReadOnlyList<SeenMessage> Messages => _messages;

    public IReadOnlyList<long> Seqs => [.. _messages.Select(message => message.Seq)];

    /// <summary>Seq of the last message applied (0: none).</summary>
    public long LastSeq => _messages.Count == 0 ? 0 : _messages[^1].Seq;

    /// <summary>Live messages a new connection received before its join ack that an earlier connection had already delivered.</summary>
    public int KnownRedeliveries { get; private set; }

    /// <summary>Builds the view from the frames of each connection of the user, oldest connection first.</summary>
    public static RoomView Build(string roomId, IEnumerable<IReadOnlyList<JsonElement>> connections)
    {
        var view = new RoomView(roomId);
        foreach (var frames in connections)
        {
            view.ApplyConnection(frames);
        }

        return view;
    }

    private void ApplyConnection(IReadOnlyList<JsonElement> frames)
    {
        var beforeJoin = new List<SeenMessage>();
        var joined = false;
        foreach (var frame in frames)
        {
            var type = TestChatClient.Type(frame);
            if (type == "new-message" && frame.GetProperty("data") is var message && message.GetProperty("roomId").GetString() == RoomId)
            {
                if (joined)
                {
                    _messages.Add(Read(message));
                }
                else
                {
                    beforeJoin.Add(Read(message));
                }
            }
            else if (type == "ack" && IsJoinAckOf(frame.GetProperty("data")))
            {
                joined = true;
                var recent = frame.GetProperty("data").GetProperty("recentMessages").EnumerateArray().Select(Read);
                foreach (var seen in beforeJoin.Select(m => (Message: m, Live: true)).Concat(recent.Select(m => (Message: m, Live: false))).OrderBy(entry => entry.Message.Seq))
                {
                    if (seen.Live && seen.Message.Seq <= LastSeq)
                    {
                        KnownRedeliveries++;
                        continue;
                    }

                    _messages.Add(seen.Message);
                }

                beforeJoin.Clear();
            }
        }

        // A connection that never joined the room (it only had the connect-time subscription): its messages count as live.
        _messages.AddRange(beforeJoin);
    }

    private bool IsJoinAckOf(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty("recentMessages", out _)
        && data.TryGetProperty("room", out var room)
        && room.GetProperty("id").GetString() == RoomId;

    private static SeenMessage Read(JsonElement message) =>
        new(message.GetProperty("seq").GetInt64(), message.GetProperty("id").GetString()!, message.GetProperty("content").GetString()!);
}
