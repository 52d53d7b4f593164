namespace Orleans.Chat.Streams;

/// <summary>Names of the stream provider and stream namespaces shared by silos and gateways.</summary>
public static class ChatStreams
{
    public const string ProviderName = "chat";
    public const string PubSubStore = "PubSubStore";

    public const string BroadcastNamespace = "broadcast";
    public const string BroadcastKey = "all";

    /// <summary>The backend feed of stored chat events (<see cref="ChatEvent"/>).</summary>
    public const string ChatEventsNamespace = "chat-events";

    /// <summary>
    /// The feed is split over this many streams (keys "0" to "15") so no single stream carries every
    /// event; a scope always maps to the same one, which keeps its events in order. A consumer of the
    /// whole feed subscribes to all of them (<see cref="AllChatEventStreams"/>).
    /// </summary>
    public const int ChatEventPartitions = 16;

    public static StreamId Broadcast() => StreamId.Create(BroadcastNamespace, BroadcastKey);

    /// <summary>The partition stream that carries the events of a room or conversation.</summary>
    public static StreamId ChatEvents(string scopeId) => ChatEventPartition(PartitionOf(scopeId));

    public static StreamId ChatEventPartition(int partition) =>
        StreamId.Create(ChatEventsNamespace, partition.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static IEnumerable<StreamId> AllChatEventStreams() =>
        Enumerable.Range(0, ChatEventPartitions).Select(ChatEventPartition);

    /// <summary>FNV-1a over the id's UTF-16 code units: stable across processes (string.GetHashCode is not).</summary>
    public static int PartitionOf(string scopeId)
    {
        var hash = 2166136261u;
        foreach (var c in scopeId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % ChatEventPartitions);
    }
}
