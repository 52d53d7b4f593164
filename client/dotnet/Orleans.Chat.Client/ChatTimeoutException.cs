namespace Orleans.Chat.Client;

/// <summary>No ack came within <see cref="ChatClientOptions.AckTimeout"/> while connected. The code is <see cref="ChatErrorCodes.Timeout"/>.</summary>
public sealed class ChatTimeoutException : ChatException
{
    /// <summary>Creates the exception for a request of the given event type.</summary>
    public ChatTimeoutException(string eventType, TimeSpan timeout)
        : base(ChatErrorCodes.Timeout, $"No ack for {eventType} within {timeout.TotalMilliseconds:0} ms")
    {
        EventType = eventType;
    }

    /// <summary>The protocol event that got no ack (<c>message</c>, <c>join-room</c>, ...).</summary>
    public string EventType { get; }
}
