using System.Diagnostics.Metrics;

namespace Orleans.Chat.Grains.Metrics;

/// <summary>
/// The grains' instruments on the "Orleans.Chat" meter (Prometheus: orleans_chat_*). Static: an Add is a few
/// interlocked operations when a listener (the OpenTelemetry meter provider) is attached, and nothing otherwise.
/// </summary>
public static class ChatMeter
{
    /// <summary>The meter name of every chat instrument, in the grains and in the gateway.</summary>
    public const string Name = "Orleans.Chat";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Stored = Meter.CreateCounter<long>(
        "orleans.chat.messages.stored", "{message}", "Messages stored durably, by scope (room or conversation).");

    /// <summary>After the durable write of <paramref name="count"/> room messages (one grain call's batch).</summary>
    public static void RoomMessagesStored(int count) => Stored.Add(count, new KeyValuePair<string, object?>("scope", "room"));

    /// <summary>After the durable write of one private message.</summary>
    public static void ConversationMessageStored() => Stored.Add(1, new KeyValuePair<string, object?>("scope", "conversation"));
}
