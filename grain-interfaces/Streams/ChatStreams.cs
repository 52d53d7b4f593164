namespace Orleans.Chat.Streams;

/// <summary>Names of the stream provider and stream namespaces shared by silos and gateways.</summary>
public static class ChatStreams
{
    public const string ProviderName = "chat";
    public const string PubSubStore = "PubSubStore";

    public const string BroadcastNamespace = "broadcast";
    public const string BroadcastKey = "all";

    public static StreamId Broadcast() => StreamId.Create(BroadcastNamespace, BroadcastKey);
}
