namespace Orleans.Chat.Backend;

/// <summary>
/// Input the gateway would refuse, refused before any grain is called (so nothing was written).
/// <see cref="Code"/> is the code the gateway answers with: invalid_format, content_too_long or payload_too_large.
/// </summary>
public sealed class ChatInputException : ArgumentException
{
    public const string InvalidFormat = "invalid_format";
    public const string ContentTooLong = "content_too_long";
    public const string PayloadTooLarge = "payload_too_large";

    public ChatInputException()
    {
        Code = InvalidFormat;
    }

    public ChatInputException(string message)
        : base(message)
    {
        Code = InvalidFormat;
    }

    public ChatInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = InvalidFormat;
    }

    public ChatInputException(string code, string message, string paramName)
        : base(message, paramName)
    {
        Code = code;
    }

    public string Code { get; }
}
