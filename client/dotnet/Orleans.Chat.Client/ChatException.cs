namespace Orleans.Chat.Client;

/// <summary>
/// A failed request or connection: the server's error ack (<c>{error, code}</c>) or a client-side
/// failure (<see cref="ChatErrorCodes.Timeout"/>, <see cref="ChatErrorCodes.Disconnected"/>,
/// <see cref="ChatErrorCodes.Closed"/>, <see cref="ChatErrorCodes.ConnectFailed"/>).
/// </summary>
public class ChatException : Exception
{
    /// <summary>Creates an exception with a code from <see cref="ChatErrorCodes"/>.</summary>
    public ChatException(string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    /// <summary>The error code; see <see cref="ChatErrorCodes"/>.</summary>
    public string Code { get; }
}
