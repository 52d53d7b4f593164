namespace Orleans.Chat.Client;

/// <summary>Where a <see cref="ChatClient"/> stands.</summary>
public enum ConnectionState
{
    /// <summary>Not connected and not trying: before <see cref="ChatClient.ConnectAsync"/>, after the first attempt failed, after giving up, after disposal.</summary>
    Disconnected,

    /// <summary>The first connection is being opened.</summary>
    Connecting,

    /// <summary>Connected: requests go out at once.</summary>
    Connected,

    /// <summary>The connection dropped; a new one is being opened. Requests wait for it.</summary>
    Reconnecting,
}
